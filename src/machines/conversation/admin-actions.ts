import type {
  ChannelRole,
  FreeQueueFilter,
  InvitationFilter,
  MemberFilter,
  PlanField,
  SettingField,
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
  | { do: 'publishChange' };
