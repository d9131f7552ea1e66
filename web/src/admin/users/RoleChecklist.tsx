import { Checkbox, SimpleGrid } from '@mantine/core';
import { ROLE_LABELS, type Role } from '../../contract.js';
import { currentLang } from '../../i18n/index.js';
import { ROLES } from '../contract.js';

/** The regulation's roles, in Vietnamese first; a person may hold several. */
export function RoleChecklist({ label, value, onChange, error }: { label: string; value: Role[]; onChange: (roles: Role[]) => void; error?: string | undefined }) {
  const lang = currentLang();
  return (
    <Checkbox.Group label={label} value={value} onChange={(v) => onChange(v as Role[])} error={error} withAsterisk>
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing={6} mt={6}>
        {ROLES.map((r) => <Checkbox key={r} value={r} label={ROLE_LABELS[r][lang]} data-role={r} />)}
      </SimpleGrid>
    </Checkbox.Group>
  );
}
