import { Card, Group, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type { ReactNode } from 'react';

export interface Column<T> {
  key: string;
  label: string;
  render: (row: T) => ReactNode;
  /** Keep the cell on one line in the table. */
  nowrap?: boolean;
  /** Left out of the cards (shown beside the card's heading instead). */
  hideInCard?: boolean;
}

interface DataListProps<T> {
  rows: readonly T[];
  rowKey: (row: T) => string | number;
  columns: readonly Column<T>[];
  /** The card's heading on a phone (the first column is not repeated under it). */
  cardTitle: (row: T) => ReactNode;
  /** Beside the card's heading (a state badge, the actions). */
  cardAside?: (row: T) => ReactNode;
  /** Data attributes on each row or card, for the tests. */
  rowData?: (row: T) => Record<`data-${string}`, string>;
  testId: string;
  /** Below this many pixels of table the columns scroll sideways instead of squeezing. */
  minWidth?: number;
}

/** A table on a wide screen, one card per row on a phone (360 px): the same columns either way. */
export function DataList<T>({ rows, rowKey, columns, cardTitle, cardAside, rowData, testId, minWidth = 800 }: DataListProps<T>) {
  const wide = useMediaQuery('(min-width: 62em)', true, { getInitialValueInEffect: false });
  if (wide) {
    return (
      <Table.ScrollContainer minWidth={minWidth}>
        <Table striped highlightOnHover verticalSpacing="sm" data-testid={testId}>
          <Table.Thead>
            <Table.Tr>{columns.map((c) => <Table.Th key={c.key}>{c.label}</Table.Th>)}</Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={rowKey(r)} {...rowData?.(r)}>
                {columns.map((c) => <Table.Td key={c.key} style={c.nowrap ? { whiteSpace: 'nowrap' } : undefined}>{c.render(r)}</Table.Td>)}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );
  }
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" data-testid={testId}>
      {rows.map((r) => (
        <Card key={rowKey(r)} withBorder radius="md" padding="sm" {...rowData?.(r)}>
          <Group justify="space-between" align="flex-start" wrap="nowrap" mb="xs" gap="xs">
            <div style={{ minWidth: 0 }}>{cardTitle(r)}</div>
            {cardAside?.(r)}
          </Group>
          <Stack gap={6}>
            {columns.slice(1).filter((c) => !c.hideInCard).map((c) => (
              <Group key={c.key} justify="space-between" wrap="nowrap" gap="sm" align="flex-start">
                <Text size="sm" c="dimmed" style={{ flexShrink: 0 }}>{c.label}</Text>
                <div style={{ textAlign: 'right', minWidth: 0, overflowWrap: 'anywhere' }}>{c.render(r)}</div>
              </Group>
            ))}
          </Stack>
        </Card>
      ))}
    </SimpleGrid>
  );
}
