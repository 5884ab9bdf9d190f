import type { EngineKind } from './events.ts';

/**
 * What a node whose submit got no answer says, by the engine the run went to: on fal a job may exist and be billed
 * (check the dashboard, resubmitting may pay twice); on the free preview engine there is nothing to check or pay.
 * One copy, so the editor's node note and the CLI's progress row cannot drift apart.
 */
export const UNCERTAIN_WORDS: Record<
  EngineKind,
  { title: string; explain: string; resubmitLabel: string; resubmitCost: string }
> = {
  fal: {
    title: 'A job may exist on fal',
    explain:
      'This job was sent to fal but no answer came back, so fal may be making it, and charging for it. Look for it in your fal dashboard:',
    resubmitLabel: 'Submit again — may cost twice',
    resubmitCost: 'may cost twice',
  },
  local: {
    title: 'No answer from the preview engine',
    explain:
      'This preview was sent but no answer came back, so it may or may not be in the making. Previews are free: submitting it again costs nothing.',
    resubmitLabel: 'Submit again · free',
    resubmitCost: 'free',
  },
};
