/** The camera numbers an outsider typed from the signs (R2.2): "1, 3" → [1, 3]; null when it is not a list of numbers. */
export function cameraNumbers(text: string): number[] | null {
  const parts = text.split(/[,;\s]+/).filter(Boolean);
  if (parts.some((p) => !/^\d{1,6}$/.test(p))) return null;
  return [...new Set(parts.map(Number))].filter((n) => n > 0);
}
