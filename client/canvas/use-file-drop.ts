import type { XYPosition } from '@xyflow/react';
import { api, ApiError } from '../api.ts';
import { useEditorStore } from '../store/context.tsx';
import { openDropped } from './drop-open.ts';

/**
 * Dropped files: a graph JSON or an MP4 we made opens its graph (provenance); other images/videos are uploaded
 * through the server and placed as an Image or Video node.
 */
export function useFileDrop() {
  const store = useEditorStore();
  return async (files: File[], at: XYPosition) => {
    const { toast } = store.getState();
    for (const [i, file] of files.entries()) {
      if (await openDropped(store, file)) continue;
      if (!/^(image|video)\//.test(file.type)) {
        toast('error', `${file.name} is not an image or a video`);
        continue;
      }
      toast('info', `Uploading ${file.name}…`);
      const clearNote = () => {
        const note = store.getState().toasts.find((t) => t.message === `Uploading ${file.name}…`);
        if (note) store.getState().dismissToast(note.id);
      };
      try {
        const up = await api.upload(file);
        store.getState().addNode(up.kind, { x: at.x + i * 30, y: at.y + i * 30 }, { url: up.url });
        clearNote();
      } catch (err) {
        clearNote();
        toast('error', err instanceof ApiError ? `Upload failed: ${err.message}` : `Upload failed: ${String(err)}`);
      }
    }
  };
}
