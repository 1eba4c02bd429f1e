import {
  adminButtons,
  adminDenied,
  adminHome,
  adminInterestButtons,
  adminPackageButtons,
  adminStatsButtons,
  adminUserButtons,
} from '../../../voice/index.ts';
import { encode } from '../callback-data.ts';
import { button, keyboard, type RenderedAdminView, say } from './kit.ts';

const mainMenu = { text: adminButtons.mainMenu, callback_data: encode.navigate('home') };

export function renderHome(): RenderedAdminView {
  return {
    text: say(adminHome, {}),
    keyboard: keyboard(
      [button(adminButtons.plans, { do: 'plans', page: 0 })],
      [button(adminButtons.invitations, { do: 'invitations' })],
      [button(adminButtons.members, { do: 'members', filter: 'active', page: 0 })],
      [
        button(adminButtons.settings, { do: 'settings' }),
        button(adminButtons.freeQueue, { do: 'freeQueue', filter: 'pending', page: 0 }),
      ],
      [button(adminButtons.publish, { do: 'publish' })],
      [
        button(adminPackageButtons.packages, { do: 'packages', page: 0 }),
        button(adminInterestButtons.interests, {
          do: 'interests',
          filter: 'pending',
          category: 'any',
          page: 0,
        }),
      ],
      [
        button(adminUserButtons.users, { do: 'users', filter: 'all', page: 0 }),
        button(adminStatsButtons.stats, { do: 'stats' }),
      ],
      [mainMenu],
    ),
  };
}

/** Nothing was done; the person is only offered their own menu. */
export function renderDenied(): RenderedAdminView {
  return { text: say(adminDenied, {}), keyboard: keyboard([mainMenu]) };
}
