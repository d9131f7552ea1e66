/** The roles of the regulation (requirements.md, roles table); a person may hold several. */
export const ROLES = [
  'principal', 'vice_principal', 'guard', 'equipment_officer', 'accountant', 'unit_head', 'staff', 'requester', 'vendor', 'admin',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, { vi: string; en: string }> = {
  principal: { vi: 'Hiệu trưởng', en: 'Principal' },
  vice_principal: { vi: 'Phó hiệu trưởng', en: 'Vice-principal' },
  guard: { vi: 'Bảo vệ', en: 'Security guard' },
  equipment_officer: { vi: 'Nhân viên thiết bị', en: 'Equipment officer' },
  accountant: { vi: 'Kế toán', en: 'Accountant' },
  unit_head: { vi: 'Tổ trưởng / trưởng bộ phận', en: 'Unit head' },
  staff: { vi: 'Giáo viên, nhân viên', en: 'Teacher or staff' },
  requester: { vi: 'Người đề nghị (phụ huynh, đơn vị ngoài)', en: 'Requester (parent, outside body)' },
  vendor: { vi: 'Nhà cung cấp', en: 'Vendor' },
  admin: { vi: 'Quản trị hệ thống', en: 'Administrator' },
};

/** R4.1: leadership = the principal and the vice-principals. */
export const isLeadership = (roles: readonly Role[]): boolean => roles.some((r) => r === 'principal' || r === 'vice_principal');

/** "From Vietnamese law": two-factor sign-in for leadership and administrators. */
export const needsTwoFactor = (roles: readonly Role[]): boolean => isLeadership(roles) || roles.includes('admin');
