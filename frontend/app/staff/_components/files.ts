/** A pickup manifest's PDF, streamed from the staff API through the console's door (route.ts FILES). */
export function manifestFileUrl(manifestId: number): string {
  return `/api/console/manifests/${manifestId}/file/`;
}
