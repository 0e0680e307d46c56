/** The `{id, name}` reference ConnectWise embeds wherever one record points at another. */
export function referenceOf(
  record: Record<string, unknown>,
  nameField = 'name',
): { id: number; name: string } {
  return { id: record.id as number, name: String(record[nameField]) };
}
