import { describe, expect, it } from 'vitest';
import { editorForTests, importGraph } from './browser.ts';

/**
 * A Collection → Video saved when it took any duration from 1 to 10 s: it opens, says what to fix beside the field,
 * and the duration choice shows the stored value rather than pretending it is 5.
 */
const h = editorForTests({ shotPrefix: 'old-duration-' });
const { byTestId, shot } = h;

const node = (id: string, type: string, params: object, x: number, y = 0) => ({
  id,
  type,
  position: { x, y },
  data: { params },
});

describe('an old Collection → Video duration', () => {
  it('opens, names the field, and choosing 5 fixes it', async () => {
    const page = await h.fresh();
    await importGraph(page, {
      version: 1,
      name: 'Old collection',
      nodes: [
        node('img', 'image', { url: 'https://cdn.example.com/a.png' }, 0),
        node('p', 'prompt', { text: 'a kitchen table at dawn, old duration' }, 0, 260),
        node('scenes', 'pika-collection-to-video', { duration: 7 }, 400),
      ],
      edges: [
        { id: 'e1', source: 'img', sourceHandle: 'image', target: 'scenes', targetHandle: 'images' },
        { id: 'e2', source: 'p', sourceHandle: 'text', target: 'scenes', targetHandle: 'prompt' },
      ],
    } as never);
    await page.locator('[data-testid="node-scenes"] .pf-node__title').click();
    const select = byTestId('input-duration');
    await select.waitFor();
    // What is stored is what is shown, beside what to do about it; only 5 and 10 can be picked.
    const picked = () => select.evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent);
    expect(await picked()).toBe('7 (not offered)');
    const choices = await select.evaluate((s: HTMLSelectElement) =>
      [...s.options].filter((o) => !o.disabled).map((o) => o.value),
    );
    expect(choices).toEqual(['5', '10']);
    const field = byTestId('field-duration');
    await expect.poll(() => field.textContent()).toMatch(/Duration must be 5 or 10/);
    await field.scrollIntoViewIfNeeded();
    await shot('7');

    await select.selectOption('5');
    await expect.poll(picked).toBe('5');
    await expect.poll(() => field.textContent()).not.toMatch(/must be/);
    const stored = () =>
      page.evaluate(
        () =>
          (
            window as unknown as {
              __pikaflow: { getState(): { nodes: { id: string; data: { params: { duration?: unknown } } }[] } };
            }
          ).__pikaflow
            .getState()
            .nodes.find((n) => n.id === 'scenes')?.data.params.duration,
      );
    await expect.poll(stored).toBe(5);
    await shot('fixed');
  });
});
