import { Button, Group, Modal, Stack, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconLock, IconLockOpen } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../admin/FormError.js';
import { serverFieldErrors } from '../admin/form-errors.js';
import { CASE_MACHINE, type EvidenceCaseDetail, reopenProblem } from '../contract.js';
import { currentLang } from '../i18n/index.js';
import { casesApi, useCaseChange } from './api.js';

type Step = 'close' | 'reopen';

/** Closing a case (its evidence then held for the retention period) or, for the principal, reopening it with a reason (R4.3). */
export function CaseStateActions({ c }: { c: EvidenceCaseDetail }) {
  const lang = currentLang();
  const [step, setStep] = useState<Step | null>(null);
  const steps = (['close', 'reopen'] as const).filter((s) => c.allowedEvents.includes(s));
  if (steps.length === 0) return null;
  return (
    <>
      {steps.map((s) => (
        <Button key={s} variant="default" size="sm" leftSection={s === 'close' ? <IconLock size={18} /> : <IconLockOpen size={18} />} onClick={() => setStep(s)} data-testid={`case-${s}`}>
          {CASE_MACHINE.events[s][lang]}
        </Button>
      ))}
      <Modal opened={step !== null} onClose={() => setStep(null)} title={step ? CASE_MACHINE.events[step][lang] : ''} size="lg" centered>
        {step && <StepForm key={step} c={c} step={step} onDone={() => setStep(null)} />}
      </Modal>
    </>
  );
}

function StepForm({ c, step, onDone }: { c: EvidenceCaseDetail; step: Step; onDone(): void }) {
  const { t } = useTranslation();
  const form = useForm({
    mode: 'controlled',
    initialValues: { text: '' },
    validate: {
      text: (v) => (step === 'reopen' ? (reopenProblem(v)?.[currentLang()] ?? null) : v.trim().length >= 5 ? null : t('cases.closeNoteMin')),
    },
  });
  const change = useCaseChange((text: string) => (step === 'close' ? casesApi.close(c.id, text) : casesApi.reopen(c.id, text)));
  return (
    <form noValidate onSubmit={form.onSubmit((v) => change.mutate(v.text.trim(), { onSuccess: onDone, onError: (err) => form.setErrors(serverFieldErrors(err)) }))}>
      <Stack gap="sm">
        <FormError error={change.error} />
        <Textarea
          label={step === 'close' ? t('cases.closeNote') : t('cases.reopenReason')} description={step === 'close' ? t('cases.closeHint') : undefined}
          withAsterisk autosize minRows={3} maxRows={8} maxLength={2000} name="stepText" {...form.getInputProps('text')}
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone}>{t('admin.form.cancel')}</Button>
          <Button type="submit" loading={change.isPending}>{CASE_MACHINE.events[step][currentLang()]}</Button>
        </Group>
      </Stack>
    </form>
  );
}
