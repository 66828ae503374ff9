/** A number as Bahasa Indonesia writes it: 12.500 for twelve thousand five hundred, 4,44 with decimals. */
export function indonesianNumber(value: number, maximumFractionDigits = 2): string {
  return value.toLocaleString('id-ID', { maximumFractionDigits });
}
