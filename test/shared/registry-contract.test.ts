import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { NODE_DEFS, getNodeDef, initialParams } from '../../shared/registry.ts';
import { PORT_KINDS } from '../../shared/ports.ts';
import { fieldsOf } from '../../client/panels/fields/field-kind.ts';

/** Loops over every registry entry, so a new node type is covered without new test code. */

function sampleInputs(def: (typeof NODE_DEFS)[number]) {
  const values: Record<string, string[]> = {};
  for (const port of def.inputs) {
    const n = port.list?.min ?? 1;
    values[port.name] = Array.from({ length: n }, (_, i) =>
      port.kind === 'text'
        ? `sample prompt ${i}`
        : `https://cdn.example.com/${port.kind}-${i}.${port.kind === 'video' ? 'mp4' : 'png'}`,
    );
  }
  return values;
}

/** Top-level field names a fal schema declares. */
const falFields = (schema: z.ZodObject) => Object.keys(schema.shape);

describe.each(NODE_DEFS.map((d) => [d.type, d] as const))('registry entry %s', (type, def) => {
  it('has a kebab-case type id and is found by it', () => {
    expect(type).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(getNodeDef(type)).toBe(def);
  });

  it('has ports of known kinds with unique names', () => {
    for (const p of [...def.inputs, ...def.outputs]) expect(PORT_KINDS).toContain(p.kind);
    expect(new Set(def.inputs.map((p) => p.name)).size).toBe(def.inputs.length);
    expect(new Set(def.outputs.map((p) => p.name)).size).toBe(def.outputs.length);
    // Only a pass-through (a reroute: one input that takes anything) may say `any` on an output: what it carries.
    const passThrough = def.inputs.length === 1 && def.inputs[0].kind === 'any';
    for (const p of def.outputs) if (!passThrough) expect(p.kind).not.toBe('any');
  });

  it('parses its defaults', () => {
    expect(() => initialParams(def)).not.toThrow();
  });

  it('has a finite, non-negative cost for its defaults', () => {
    const usd = def.cost(initialParams(def));
    expect(Number.isFinite(usd)).toBe(true);
    expect(usd).toBeGreaterThanOrEqual(0);
  });

  it('runs through fal or locally, never both nor neither (canvas items: never)', () => {
    const ways = [def.endpoint, def.local, def.emit].filter(Boolean).length;
    expect(ways).toBe(def.annotation ? 0 : 1);
  });

  if (def.endpoint) {
    it('builds a body from defaults + sample inputs that its own fal schema accepts, using only fal field names', () => {
      const body = def.request(initialParams(def), sampleInputs(def));
      const parsed = def.falInput!.safeParse(body);
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      const allowed = falFields(def.falInput!);
      for (const key of Object.keys(body)) expect(allowed).toContain(key);
    });

    it('fills every required fal field from params or a port', () => {
      const fed = new Set(def.inputs.map((p) => p.field ?? p.param ?? p.name));
      for (const [name, field] of Object.entries(def.falInput!.shape)) {
        if ((field as z.ZodType).safeParse(undefined).success) continue; // optional or defaulted
        expect(fed.has(name) || name in def.params.shape || def.example?.[name] !== undefined, name).toBe(true);
      }
    });

    it('maps a fal output to its output ports', () => {
      const out = def.result({ video: { url: 'https://cdn.example.com/out.mp4', content_type: 'video/mp4' } });
      expect(Object.keys(out)).toEqual(def.outputs.map((p) => p.name));
      expect(() => def.result({})).toThrow();
    });

    it('params are exactly fal fields not fed only by edges', () => {
      const edgeOnly = def.inputs.filter((p) => !p.param).map((p) => p.field ?? p.name);
      const expected = falFields(def.falInput!).filter((f) => !edgeOnly.includes(f));
      expect(Object.keys(def.params.shape).sort()).toEqual(expected.sort());
    });
  }

  it('gives the inspector a JSON schema', () => {
    const schema = z.toJSONSchema(def.params, { io: 'input', unrepresentable: 'any' }) as { type: string };
    expect(schema.type).toBe('object');
  });
});

it('covers every Pika endpoint in pika-endpoints.md', () => {
  const endpoints = new Set(NODE_DEFS.map((d) => d.endpoint).filter(Boolean));
  for (const id of [
    'fal-ai/pika/v2/turbo/text-to-video',
    'fal-ai/pika/v2/turbo/image-to-video',
    'fal-ai/pika/v2.1/text-to-video',
    'fal-ai/pika/v2.1/image-to-video',
    'fal-ai/pika/v2.2/text-to-video',
    'fal-ai/pika/v2.2/image-to-video',
    'fal-ai/pika/v2.2/pikaframes',
    'fal-ai/pika/v2.2/pikascenes',
    'fal-ai/pika/v2/pikaswaps',
    'fal-ai/pika/v2/pikadditions',
    'fal-ai/pika/v1.5/pikaffects',
  ])
    expect(endpoints.has(id), id).toBe(true);
});

it("Collection → Video sends the body current pikascenes accepts (image_urls), not the seed's images[]", () => {
  const collection = getNodeDef('pika-collection-to-video')!;
  const body = collection.request(initialParams(collection), {
    images: ['https://cdn.example.com/a.png', 'https://cdn.example.com/b.png'],
    prompt: ['p'],
  });
  expect(body).toMatchObject({
    image_urls: ['https://cdn.example.com/a.png', 'https://cdn.example.com/b.png'],
    ingredients_mode: 'creative',
  });
  expect(body).not.toHaveProperty('images');
  expect(collection.endpoint).toBe(getNodeDef('pika-22-pikascenes')!.endpoint);
  // The Pikascenes 2.2 entry mirrors fal's current schema: it must take what Collection → Video sends.
  expect(getNodeDef('pika-22-pikascenes')!.falInput!.safeParse(body).success).toBe(true);
  // The 2025 shape stays accepted (by the local engine) but is never built.
  expect(
    collection.olderFalInputs?.some(
      (s) => s.safeParse({ images: [{ image_url: 'https://cdn.example.com/a.png' }], prompt: 'p' }).success,
    ),
  ).toBe(true);
});

it('Collection → Video offers exactly the durations pikascenes takes (5 or 10 s, 5 by default)', () => {
  const collection = getNodeDef('pika-collection-to-video')!;
  const scenes = getNodeDef('pika-22-pikascenes')!;
  const durations = (schema: z.ZodObject) =>
    Array.from({ length: 12 }, (_, d) => d).filter((d) => schema.shape.duration!.safeParse(d).success);
  expect(durations(scenes.falInput!)).toEqual([5, 10]);
  expect(durations(collection.params)).toEqual([5, 10]);
  expect(durations(collection.falInput!)).toEqual([5, 10]);
  expect(initialParams(collection).duration).toBe(5);
  // The inspector's field for it is a choice of those two, not a number box that takes 1–10.
  expect(fieldsOf(collection).find((f) => f.name === 'duration')).toMatchObject({ kind: 'select', choices: [5, 10] });
});

it('keeps fal defaults and enums exactly', () => {
  const t22 = initialParams(getNodeDef('pika-22-text-to-video')!);
  expect(t22).toMatchObject({
    negative_prompt: 'ugly, bad, terrible',
    aspect_ratio: '16:9',
    resolution: '720p',
    duration: 5,
  });
  expect(initialParams(getNodeDef('pika-22-pikascenes')!)).toMatchObject({
    resolution: '1080p',
    ingredients_mode: 'precise',
  });
  expect(initialParams(getNodeDef('pika-collection-to-video')!)).toMatchObject({ ingredients_mode: 'creative' });
  // v2.2 duration: the string form from fal-js types is accepted, integers are sent.
  expect(getNodeDef('pika-22-text-to-video')!.params.parse({ duration: '10' }).duration).toBe(10);
  expect(getNodeDef('pika-22-text-to-video')!.params.safeParse({ duration: 7 }).success).toBe(false);
  expect(getNodeDef('pika-pikaffects')!.falInput!.safeParse({ image_url: 'https://a.b/c.png' }).success).toBe(false);
});
