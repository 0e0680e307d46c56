/** The ConnectWise resources the connector's own code addresses (the definition names the rest, as data). */
export const connectwisePaths = {
  companies: 'company/companies',
  agreements: 'finance/agreements',
  userDefinedFields: 'system/userDefinedFields',
  typeAssociationsOf: (companyId: number) => `company/companies/${companyId}/typeAssociations`,
} as const;
