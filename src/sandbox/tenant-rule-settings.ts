import type { SandboxOptions, TenantRuleSettings } from './context.js';

export const strictTenantRules: TenantRuleSettings = {
  enabled: true,
  newCompanyBillTo: 'self',
  forwardOnlyLinkOnLastPage: true,
};

const schemaOnly: TenantRuleSettings = {
  enabled: false,
  newCompanyBillTo: 'none',
  forwardOnlyLinkOnLastPage: false,
};

/** `tenantRules: false` = schema only; `true`, nothing or an object = strict, with the object's changes. */
export function tenantRuleSettingsOf(option: SandboxOptions['tenantRules']): TenantRuleSettings {
  if (option === false) return { ...schemaOnly };
  if (option === true || option === undefined) return { ...strictTenantRules };
  return { ...strictTenantRules, ...option };
}
