import { assign } from 'xstate';
import { parsePackageDescription, parsePackageName, parsePackagePrice } from '../../domain/packages.ts';
import type { Parsed } from '../../domain/plans.ts';
import { type Args, action, adminId, byAdmin, does, show, text } from './admin-kit.ts';
import type { PackageDraft, PackageField } from './admin-view.ts';
import { conversationSetup } from './setup.ts';
import type { ConversationEvent } from './types.ts';

type Media = Extract<ConversationEvent, { type: 'MEDIA' }>;

/** The typed fields of a package; category comes by button and the photo as a photo. */
function parseTyped(field: 'name' | 'price' | 'description', raw: string): Parsed<string> {
  if (field === 'name') return parsePackageName(raw);
  if (field === 'price') return parsePackagePrice(raw);
  return parsePackageDescription(raw);
}

const KEY: Record<PackageField, keyof PackageDraft> = {
  name: 'name',
  category: 'category',
  price: 'price',
  description: 'description',
  photo: 'photoFileId',
};
const photoOf = (event: ConversationEvent) => {
  const media = event as Media;
  return media.type === 'MEDIA' && media.kind === 'photo' ? media.fileId : null;
};

/** Moves the wizard to `next` with `value` in the draft, showing the next step. */
function advance(field: PackageField, next: PackageField | 'confirm', value: (args: Args) => unknown) {
  return [
    assign({ packageDraft: (args: Args) => ({ ...args.context.packageDraft, [KEY[field]]: value(args) }) }),
    // Read after the assign: the draft already holds the new value.
    show(({ context }) => ({ kind: 'packageWizard', step: next, draft: context.packageDraft })),
    // Typed at the call sites' events by the tests; the mixed array defeats inference here.
  ] as never;
}

const refuse = (field: PackageField, problem: (args: Args) => string) =>
  show((args) => ({
    kind: 'packageWizard',
    step: field,
    draft: args.context.packageDraft,
    problem: problem(args),
  }));

function typedStep(field: 'name' | 'price' | 'description', next: PackageField) {
  const skippable = field !== 'name';
  return conversationSetup.createStateConfig({
    on: {
      TEXT: [
        {
          guard: ({ event }) => byAdmin(event) && parseTyped(field, text(event)).ok,
          target: next,
          actions: advance(
            field,
            next,
            ({ event }) => (parseTyped(field, text(event)) as { value: string }).value,
          ),
        },
        {
          guard: 'isAdmin',
          actions: refuse(field, ({ event }) => {
            const parsed = parseTyped(field, text(event));
            return parsed.ok ? '' : parsed.problem;
          }),
        },
      ],
      ...(skippable
        ? { ADMIN: { guard: does('packageSkip'), target: next, actions: advance(field, next, () => null) } }
        : {}),
    },
  });
}

/** Package wizard and field edits; the toggle and other buttons are in `contentTransitions`. */
export const contentStates = {
  packageWizard: conversationSetup.createStateConfig({
    initial: 'name',
    on: {
      ADMIN: {
        guard: does('cancel'),
        target: 'browsing',
        actions: show(() => ({ kind: 'packages', page: 0, notice: 'cancelled' })),
      },
    },
    states: {
      name: typedStep('name', 'category'),
      category: {
        on: {
          ADMIN: {
            guard: does('packageCategory'),
            target: 'price',
            actions: advance('category', 'price', ({ event }) => action<'packageCategory'>(event).category),
          },
        },
      },
      price: typedStep('price', 'description'),
      description: typedStep('description', 'photo'),
      photo: {
        on: {
          MEDIA: [
            {
              guard: ({ event }) => byAdmin(event) && photoOf(event) !== null,
              target: 'confirm',
              actions: advance('photo', 'confirm', ({ event }) => photoOf(event)),
            },
            { guard: 'isAdmin', actions: refuse('photo', () => 'not_a_photo') },
          ],
          ADMIN: {
            guard: does('packageSkip'),
            target: 'confirm',
            actions: advance('photo', 'confirm', () => null),
          },
        },
      },
      confirm: {
        on: {
          ADMIN: {
            guard: does('packageConfirm'),
            target: '#conversation.admin.browsing',
            actions: [
              {
                type: 'db.package.create',
                params: ({ context, event }) => ({ ...context.packageDraft, createdBy: adminId(event) }),
              },
              show(() => ({ kind: 'packages', page: 0, notice: 'packageCreated' })),
            ],
          },
        },
      },
    },
  }),
  packageEdit: conversationSetup.createStateConfig({
    on: {
      ADMIN: [
        {
          guard: does('cancel'),
          target: 'browsing',
          actions: show(({ context }) => ({
            kind: 'package',
            packageId: context.packageEditing?.packageId ?? 0,
            notice: 'cancelled',
          })),
        },
        {
          guard: ({ context, event }) =>
            event.type === 'ADMIN' &&
            event.admin &&
            ((event.action.do === 'packageCategory' && context.packageEditing?.field === 'category') ||
              (event.action.do === 'packageSkip' &&
                ['price', 'description', 'photo'].includes(context.packageEditing?.field ?? ''))),
          target: 'browsing',
          actions: saveEdit(({ event }) =>
            event.type === 'ADMIN' && event.action.do === 'packageCategory' ? event.action.category : null,
          ),
        },
      ],
      TEXT: [
        {
          guard: ({ context, event }) => {
            const field = context.packageEditing?.field;
            return (
              byAdmin(event) &&
              (field === 'name' || field === 'price' || field === 'description') &&
              parseTyped(field, text(event)).ok
            );
          },
          target: 'browsing',
          actions: saveEdit(({ context, event }) => {
            const field = context.packageEditing?.field as 'name' | 'price' | 'description';
            return (parseTyped(field, text(event)) as { value: string }).value;
          }),
        },
        {
          guard: 'isAdmin',
          actions: show(({ context, event }) => {
            const editing = context.packageEditing ?? { packageId: 0, field: 'name' as const };
            const typed =
              editing.field === 'name' || editing.field === 'price' || editing.field === 'description';
            const parsed = typed ? parseTyped(editing.field as 'name', text(event)) : undefined;
            const problem = parsed && !parsed.ok ? parsed.problem : 'use_buttons';
            return { kind: 'packageEdit', ...editing, problem };
          }),
        },
      ],
      MEDIA: {
        guard: ({ context, event }) =>
          byAdmin(event) && context.packageEditing?.field === 'photo' && photoOf(event) !== null,
        target: 'browsing',
        actions: saveEdit(({ event }) => photoOf(event)),
      },
    },
  }),
};

function saveEdit(value: (args: Args) => string | null) {
  return [
    {
      type: 'db.package.update' as const,
      params: (args: Args) => ({
        packageId: args.context.packageEditing?.packageId ?? 0,
        field: args.context.packageEditing?.field ?? 'name',
        value: value(args),
      }),
    },
    show(({ context }) => ({
      kind: 'package',
      packageId: context.packageEditing?.packageId ?? 0,
      notice: 'packageUpdated',
    })),
  ] as never;
}

/** Buttons that start the wizard or an edit, toggle a package, or mark an interest attended. */
export const contentTransitions = [
  {
    guard: does('packageNew'),
    target: '.admin.packageWizard',
    actions: [
      assign({ packageDraft: () => ({}) }),
      show(() => ({ kind: 'packageWizard', step: 'name', draft: {} })),
    ],
  },
  {
    guard: does('packageEdit'),
    target: '.admin.packageEdit',
    actions: [
      assign({
        packageEditing: ({ event }: Args) => ({
          packageId: action<'packageEdit'>(event).packageId,
          field: action<'packageEdit'>(event).field,
        }),
      }),
      show(({ event }) => ({
        kind: 'packageEdit',
        packageId: action<'packageEdit'>(event).packageId,
        field: action<'packageEdit'>(event).field,
      })),
    ],
  },
  {
    guard: does('packageToggleConfirm'),
    target: '.admin.browsing',
    actions: [
      {
        type: 'db.package.toggle' as const,
        params: ({ event }: Args) => ({ packageId: action<'packageToggleConfirm'>(event).packageId }),
      },
      show(({ event }) => ({
        kind: 'package',
        packageId: action<'packageToggleConfirm'>(event).packageId,
        notice: 'packageUpdated',
      })),
    ],
  },
  {
    guard: does('interestAttend'),
    target: '.admin.browsing',
    actions: [
      {
        type: 'db.interest.attend' as const,
        params: ({ event }: Args) => ({
          userId: action<'interestAttend'>(event).userId,
          packageId: action<'interestAttend'>(event).packageId,
          by: adminId(event),
        }),
      },
      show(() => ({
        kind: 'interests',
        filter: 'pending',
        category: 'any',
        page: 0,
        notice: 'interestAttended',
      })),
    ],
  },
];
