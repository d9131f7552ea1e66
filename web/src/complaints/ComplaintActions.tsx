import { Button, Group, Modal, Stack, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconArrowBackUp, IconCalendarPlus, IconCheck, IconLock, IconMessage } from '@tabler/icons-react';
import { type ReactNode, useState } from 'react';
import { FormError } from '../admin/FormError.js';
import { serverFieldErrors } from '../admin/form-errors.js';
import { currentLang } from '../i18n/index.js';
import { complaintsApi, useComplaintChange } from './api.js';
import { useComplaintsT } from './i18n.js';
import { COMPLAINT_MACHINE, type ComplaintDetail, extensionProblem } from './shared.js';

type Step = 'acknowledge' | 'extend' | 'close' | 'withdraw';
const STEPS: readonly Step[] = ['acknowledge', 'extend', 'close', 'withdraw'];
const ICON: Record<Step, ReactNode> = {
  acknowledge: <IconCheck size={18} />, extend: <IconCalendarPlus size={18} />, close: <IconLock size={18} />, withdraw: <IconArrowBackUp size={18} />,
};

/** The next steps the server allows this viewer (R3.3); the answer itself is written on its tab. */
export function ComplaintActions({ c, onAnswer }: { c: ComplaintDetail; onAnswer?: () => void }) {
  const lang = currentLang();
  const [step, setStep] = useState<Step | null>(null);
  const steps = STEPS.filter((s) => c.allowedEvents.includes(s));
  const answer = onAnswer && c.allowedEvents.includes('answer');
  if (steps.length === 0 && !answer) return null;
  return (
    <Group gap="xs" wrap="wrap">
      {steps.map((s) => (
        <Button
          key={s} variant={s === 'acknowledge' ? 'filled' : 'default'} color={s === 'withdraw' ? 'red' : undefined} leftSection={ICON[s]}
          onClick={() => setStep(s)} data-testid={`complaint-${s}`}
        >
          {COMPLAINT_MACHINE.events[s][lang]}
        </Button>
      ))}
      {answer && <Button variant="light" color="green" leftSection={<IconMessage size={18} />} onClick={onAnswer} data-testid="complaint-go-answer">{COMPLAINT_MACHINE.events.answer[lang]}</Button>}
      <Modal opened={step !== null} onClose={() => setStep(null)} title={step ? COMPLAINT_MACHINE.events[step][lang] : ''} size="lg" centered>
        {step && <StepForm key={step} c={c} step={step} onDone={() => setStep(null)} />}
      </Modal>
    </Group>
  );
}

function StepForm({ c, step, onDone }: { c: ComplaintDetail; step: Step; onDone(): void }) {
  const tc = useComplaintsT();
  const lang = currentLang();
  const form = useForm({
    mode: 'controlled',
    initialValues: { text: '' },
    validate: { text: (v) => (step === 'extend' ? (extensionProblem(v, Date.now(), c.answerByMs)?.[lang] ?? null) : null) },
  });
  const change = useComplaintChange((text: string) => complaintsApi.event(c.id, step === 'extend' ? { event: 'extend', reason: text } : { event: step, ...(text ? { note: text } : {}) }));
  // The domain's own sentence, with its example of a good reason (src/domain/workflows/complaint.ts).
  const example = extensionProblem('', 0, Number.MAX_SAFE_INTEGER)?.[lang];
  return (
    <form noValidate data-testid={`step-${step}`} onSubmit={form.onSubmit((v) => change.mutate(v.text.trim(), { onSuccess: onDone, onError: (err) => form.setErrors(serverFieldErrors(err)) }))}>
      <Stack gap="sm">
        <FormError error={change.error} />
        <Textarea
          label={step === 'extend' ? tc('steps.extendReason') : tc('steps.note')} description={step === 'extend' ? example : tc(`steps.${step}Hint`)}
          withAsterisk={step === 'extend'} autosize minRows={3} maxRows={8} maxLength={2000} name="stepText" {...form.getInputProps('text')}
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone}>{tc('cancel')}</Button>
          <Button type="submit" loading={change.isPending} color={step === 'withdraw' ? 'red' : undefined} data-testid="step-confirm">{COMPLAINT_MACHINE.events[step][lang]}</Button>
        </Group>
      </Stack>
    </form>
  );
}
