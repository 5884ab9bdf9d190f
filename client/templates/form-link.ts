import { formLink } from '../app-page/app-api.ts';
import type { EditorStore } from '../store/editor-store.ts';

/** Copies the saved template's form address. The form runs the saved version, so unsaved edits are called out. */
export async function copyFormLink(store: EditorStore): Promise<void> {
  const { template, dirty, inputs, toast } = store.getState();
  if (!template.id) return;
  const link = formLink(template.id);
  const note = dirty ? ' (it runs the saved version: save to include your latest changes)' : '';
  const none = inputs.length ? '' : ' — no inputs exposed yet; switch on "Template input" on a field in the inspector';
  try {
    await navigator.clipboard.writeText(link);
    toast('success', `Form link copied: ${link}${note}${none}`, 6000);
  } catch {
    // No clipboard permission (e.g. plain http on another host): show the link so it can be copied by hand.
    toast('info', `Form link: ${link}${note}${none}`, 12000);
  }
}
