import type {
  ChannelRole,
  FreeQueueFilter,
  InterestFilter,
  InvitationFilter,
  ManagedRole,
  MemberFilter,
  PackageCategory,
  PackageField,
  PlanField,
  SettingField,
  UserFilter,
} from './admin-view.ts';

/** What an admin's button asks for; the router parses it from callback data, the machine decides. */
export type AdminAction =
  | { do: 'home' }
  | { do: 'plans'; page: number }
  | { do: 'plan'; planId: number }
  | { do: 'planNew' }
  | { do: 'planEdit'; planId: number; field: PlanField }
  | { do: 'planToggle'; planId: number }
  | { do: 'planToggleConfirm'; planId: number }
  | { do: 'planDelete'; planId: number }
  | { do: 'planDeleteConfirm'; planId: number }
  | { do: 'wizardConfirm' }
  | { do: 'cancel' }
  | { do: 'invitations' }
  | { do: 'invitationPlans'; page: number }
  | { do: 'invitationNew'; planId: number }
  | { do: 'invitationValidity'; days: number }
  | { do: 'invitationCount'; count: number }
  | { do: 'invitationList'; filter: InvitationFilter; page: number }
  | { do: 'invitationRevoke'; invitationId: number }
  | { do: 'invitationRevokeConfirm'; invitationId: number }
  | { do: 'members'; filter: MemberFilter; page: number }
  | { do: 'member'; userId: number }
  | { do: 'memberExtend'; userId: number }
  | { do: 'memberRevoke'; userId: number }
  | { do: 'memberRevokeConfirm'; userId: number }
  | { do: 'settings' }
  | { do: 'channelSetup'; role: ChannelRole }
  | { do: 'settingEdit'; field: SettingField }
  | { do: 'freeQueue'; filter: FreeQueueFilter; page: number }
  | { do: 'freeApproveReady' }
  | { do: 'publish' }
  | { do: 'publishTo'; channel: ChannelRole }
  | { do: 'publishReactions' }
  | { do: 'publishChange' }
  | { do: 'packages'; page: number }
  | { do: 'package'; packageId: number }
  | { do: 'packageNew' }
  | { do: 'packageCategory'; category: PackageCategory }
  | { do: 'packageSkip' }
  | { do: 'packageConfirm' }
  | { do: 'packageEdit'; packageId: number; field: PackageField }
  | { do: 'packageToggle'; packageId: number }
  | { do: 'packageToggleConfirm'; packageId: number }
  | { do: 'interests'; filter: InterestFilter; category: PackageCategory | 'any'; page: number }
  | { do: 'interestAttend'; userId: number; packageId: number }
  | { do: 'users'; filter: UserFilter; page: number }
  | { do: 'userFind' }
  | { do: 'user'; userId: number }
  | { do: 'userRole'; userId: number }
  | { do: 'userRolePick'; userId: number; role: ManagedRole }
  | { do: 'userRoleConfirm'; userId: number; role: ManagedRole }
  | { do: 'userExpel'; userId: number }
  | { do: 'userExpelConfirm'; userId: number }
  | { do: 'stats' }
  | { do: 'statsRefresh' };
