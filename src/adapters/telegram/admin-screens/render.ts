import type { AdminView } from '../../../machines/conversation/admin-view.ts';
import { adminNotice, withLead } from '../../../voice/index.ts';
import type { AdminViewData } from './data.ts';
import { renderFreeQueue } from './free-queue.ts';
import { renderDenied, renderHome } from './home.ts';
import { renderInterests } from './interests.ts';
import { renderInvitationConfirmRevoke, renderInvitationList } from './invitation-list.ts';
import {
  renderInvitationCount,
  renderInvitationPlan,
  renderInvitations,
  renderInvitationValidity,
} from './invitations.ts';
import { renderInvitationsCreated } from './invitations-created.ts';
import { type AdminRenderContext, type RenderedAdminView, say } from './kit.ts';
import { renderMember, renderMemberConfirmRevoke, renderMemberExtend, renderMembers } from './members.ts';
import {
  renderPackage,
  renderPackageConfirmToggle,
  renderPackageEdit,
  renderPackages,
  renderPackageWizard,
} from './packages.ts';
import { renderPlan, renderPlanConfirm, renderPlanEdit, renderPlans, renderPlanWizard } from './plans.ts';
import { renderPublishCompose, renderPublished, renderPublishPreview } from './publish.ts';
import { renderChannelSetup, renderSettingEdit, renderSettings } from './settings.ts';
import { renderStats } from './stats.ts';
import {
  renderUser,
  renderUserExpelConfirm,
  renderUserExpelResult,
  renderUserFind,
  renderUserRole,
  renderUserRoleConfirm,
  renderUsers,
} from './users.ts';

function renderBody(view: AdminView, data: AdminViewData, context: AdminRenderContext): RenderedAdminView {
  switch (view.kind) {
    case 'home':
      return renderHome();
    case 'plans':
      return renderPlans(data);
    case 'plan':
      return renderPlan(data);
    case 'planWizard':
      return renderPlanWizard(view);
    case 'planEdit':
      return renderPlanEdit(view, data);
    case 'planConfirmToggle':
    case 'planConfirmDelete':
      return renderPlanConfirm(view, data);
    case 'invitations':
      return renderInvitations();
    case 'invitationPlan':
      return renderInvitationPlan(data);
    case 'invitationValidity':
      return renderInvitationValidity(view, data);
    case 'invitationCount':
      return renderInvitationCount(view, data);
    case 'invitationsCreated':
      return renderInvitationsCreated(view, data, context);
    case 'invitationList':
      return renderInvitationList(view, data, context.timeZone);
    case 'invitationConfirmRevoke':
      return renderInvitationConfirmRevoke(view, data, context.timeZone);
    case 'members':
      return renderMembers(view, data, context);
    case 'member':
      return renderMember(data, context);
    case 'memberExtend':
      return renderMemberExtend(view, data, context);
    case 'memberConfirmRevoke':
      return renderMemberConfirmRevoke(data);
    case 'settings':
      return renderSettings(data);
    case 'channelSetup':
      return renderChannelSetup(view, data);
    case 'settingEdit':
      return renderSettingEdit(view, data);
    case 'freeQueue':
      return renderFreeQueue(view, data, context);
    case 'publishCompose':
      return renderPublishCompose(view);
    case 'publishPreview':
      return renderPublishPreview(view, data);
    case 'published':
      return renderPublished(view, data);
    case 'packages':
      return renderPackages(data);
    case 'package':
      return renderPackage(data);
    case 'packageWizard':
      return renderPackageWizard(view);
    case 'packageEdit':
      return renderPackageEdit(view, data);
    case 'packageConfirmToggle':
      return renderPackageConfirmToggle(data);
    case 'interests':
      return renderInterests(view, data, context);
    case 'users':
      return renderUsers(view, data, context);
    case 'userFind':
      return renderUserFind(view);
    case 'user':
      return renderUser(view, data, context);
    case 'userRole':
      return renderUserRole(data);
    case 'userRoleConfirm':
      return renderUserRoleConfirm(view, data);
    case 'userExpelConfirm':
      return renderUserExpelConfirm(data);
    case 'userExpelResult':
      return renderUserExpelResult(view, data);
    case 'stats':
      return renderStats(view, data, context);
    case 'denied':
      return renderDenied();
  }
}

/**
 * Draws an admin screen from the voice catalogue. Pure: every fact it shows comes in `data`
 * (see `loadAdminViewData`); a notice, when the view has one, is the line under the header.
 */
export function renderAdminView(
  view: AdminView,
  data: AdminViewData,
  context: AdminRenderContext,
): RenderedAdminView {
  const screen = renderBody(view, data, context);
  const notice = 'notice' in view && view.notice ? say(adminNotice, { notice: view.notice }) : undefined;
  return notice ? { ...screen, text: withLead(screen.text, notice) } : screen;
}
