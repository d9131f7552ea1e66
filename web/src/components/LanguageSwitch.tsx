import { SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { type Lang, currentLang, switchLang } from '../i18n/index.js';

export function LanguageSwitch() {
  const { t } = useTranslation();
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('lang.label')}
      value={currentLang()}
      onChange={(v) => void switchLang(v as Lang)}
      data={[
        { value: 'vi', label: <span title={t('lang.viName')} lang="vi">{t('lang.vi')}</span> },
        { value: 'en', label: <span title={t('lang.enName')} lang="en">{t('lang.en')}</span> },
      ]}
    />
  );
}
