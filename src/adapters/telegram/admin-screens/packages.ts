import { PACKAGE_CATEGORIES, PACKAGE_LIMITS, type Package } from '../../../domain/packages.ts';
import { PLAN_LIMITS } from '../../../domain/plans.ts';
import type { AdminView, PackageField } from '../../../machines/conversation/admin-view.ts';
import {
  adminButtons,
  adminPackageButtons,
  adminPackageConfirmToggle,
  adminPackageDetail,
  adminPackageEdit,
  adminPackageLine,
  adminPackageMissing,
  adminPackageProblem,
  adminPackagesEmpty,
  adminPackagesList,
  adminPackageWizardConfirm,
  adminPackageWizardStep,
  marked,
  type PackageExpected,
  type PackageFacts,
  packageButtonLabel,
  packageFieldValue,
  withLead,
} from '../../../voice/index.ts';
import type { AdminViewData } from './data.ts';
import { button, fitLines, keyboard, pageLine, pagingRow, type RenderedAdminView, say } from './kit.ts';

/** The currency `createPackage` gives a new package: the wizard does not ask for one. */
const NEW_PACKAGE_CURRENCY = 'USD';

export const packageFacts = (p: Package): PackageFacts => ({
  name: p.name,
  category: p.category,
  price: p.price,
  currency: p.currency,
  description: p.description,
  hasPhoto: p.photoFileId !== null,
  active: p.active,
});

/** What each field accepts; the price is said in the package's currency. */
export function packageExpected(field: PackageField, currency: string | null): PackageExpected {
  switch (field) {
    case 'name':
      return { kind: 'name', max: PACKAGE_LIMITS.nameMax };
    case 'category':
      return { kind: 'category' };
    case 'price':
      return { kind: 'price', max: PLAN_LIMITS.priceMax.toFixed(2), currency };
    case 'description':
      return { kind: 'description', max: PACKAGE_LIMITS.descriptionMax };
    case 'photo':
      return { kind: 'photo' };
  }
}

const b = adminPackageButtons;
const toPackages = button(b.backToPackages, { do: 'packages', page: 0 });
const cancel = button(adminButtons.cancel, { do: 'cancel' });

/** A package that no longer exists: said plainly, with the way back. */
const missing = (): RenderedAdminView => ({
  text: say(adminPackageMissing, {}),
  keyboard: keyboard([toPackages]),
});

/** A prompt asked again: what was wrong with the last answer goes first, then the question. */
const withProblem = (text: string, problem: string | undefined, expected: PackageExpected) =>
  withLead(text, problem ? say(adminPackageProblem, { problem, expected }) : undefined);

/** One button per category, one a row; the current one marked. */
const categoryRows = (current?: Package['category']) =>
  PACKAGE_CATEGORIES.map((category) => {
    const label = b.categories[category];
    return [button(category === current ? marked(label) : label, { do: 'packageCategory', category })];
  });

export function renderPackages(data: AdminViewData): RenderedAdminView {
  const newPackage = button(b.newPackage, { do: 'packageNew' });
  const back = button(adminButtons.back, { do: 'home' });
  const list = data.packages;
  if (!list || list.total === 0)
    return { text: say(adminPackagesEmpty, {}), keyboard: keyboard([newPackage], [back]) };
  const lines = list.items.map((p) => say(adminPackageLine, packageFacts(p)));
  const text = fitLines(
    (shown) =>
      say(adminPackagesList, { lines: shown, total: list.total, pageLine: pageLine(list.page, list.total) }),
    lines,
  );
  return {
    text,
    keyboard: keyboard(
      ...list.items.map((p) => [
        button(packageButtonLabel(packageFacts(p)), { do: 'package', packageId: p.id }),
      ]),
      pagingRow(list.page, list.total, (page) => ({ do: 'packages', page })),
      [newPackage],
      [back],
    ),
  };
}

export function renderPackage(data: AdminViewData): RenderedAdminView {
  const pkg = data.package;
  if (!pkg) return missing();
  const packageId = pkg.id;
  const edit = (label: string, field: PackageField) => button(label, { do: 'packageEdit', packageId, field });
  return {
    text: say(adminPackageDetail, { ...packageFacts(pkg), interests: pkg.interests ?? null }),
    keyboard: keyboard(
      [edit(b.editName, 'name'), edit(b.editCategory, 'category')],
      [edit(b.editPrice, 'price'), edit(b.editDescription, 'description')],
      [
        edit(b.editPhoto, 'photo'),
        button(pkg.active ? b.deactivate : b.reactivate, { do: 'packageToggle', packageId }),
      ],
      [toPackages],
    ),
  };
}

/** Price, description and photo may be left out (skipped in the wizard, removed when editing). */
const optional = (field: PackageField) => field === 'price' || field === 'description' || field === 'photo';

export function renderPackageWizard(view: Extract<AdminView, { kind: 'packageWizard' }>): RenderedAdminView {
  const currency = NEW_PACKAGE_CURRENCY;
  if (view.step === 'confirm') {
    return {
      text: say(adminPackageWizardConfirm, { draft: view.draft, currency }),
      keyboard: keyboard([button(b.create, { do: 'packageConfirm' })], [cancel]),
    };
  }
  const { step } = view;
  const expected = packageExpected(step, currency);
  const text = say(adminPackageWizardStep, { step, draft: view.draft, expected, currency });
  return {
    text: withProblem(text, view.problem, expected),
    keyboard: keyboard(
      ...(step === 'category' ? categoryRows(view.draft.category) : []),
      optional(step) ? [button(b.skip, { do: 'packageSkip' })] : [],
      [cancel],
    ),
  };
}

export function renderPackageEdit(
  view: Extract<AdminView, { kind: 'packageEdit' }>,
  data: AdminViewData,
): RenderedAdminView {
  const pkg = data.package;
  if (!pkg) return missing();
  const { field } = view;
  const expected = packageExpected(field, pkg.currency);
  const current = packageFieldValue(packageFacts(pkg), field);
  const text = say(adminPackageEdit, { name: pkg.name, field, current, expected });
  return {
    text: withProblem(text, view.problem, expected),
    keyboard: keyboard(
      ...(field === 'category' ? categoryRows(pkg.category) : []),
      optional(field) ? [button(b.remove, { do: 'packageSkip' })] : [],
      [cancel],
    ),
  };
}

export function renderPackageConfirmToggle(data: AdminViewData): RenderedAdminView {
  const pkg = data.package;
  if (!pkg) return missing();
  const packageId = pkg.id;
  const yes = pkg.active ? b.confirmDeactivate : b.confirmReactivate;
  return {
    text: say(adminPackageConfirmToggle, { name: pkg.name, active: pkg.active }),
    keyboard: keyboard(
      [button(yes, { do: 'packageToggleConfirm', packageId })],
      [button(adminButtons.no, { do: 'package', packageId })],
    ),
  };
}
