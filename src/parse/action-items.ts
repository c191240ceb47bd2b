import type { Root } from 'mdast';
import type { ColumnAliases } from '../config/format.js';
import type { ActionItem, ActionItemField, ActionItemTable, Section } from '../model/postmortem.js';
import { flatText, listsIn, tablesIn, type LocatedTable } from './located.js';
import { mapColumns, pickCells, spanOf } from './tables.js';

const ALL_ITEM_FIELDS: ActionItemField[] = ['id', 'type', 'description', 'owner', 'priority', 'due', 'status'];
const LIST_OWNER = /(?<![\w@])@[A-Za-z0-9][A-Za-z0-9-]*(?:\/[A-Za-z0-9][\w.-]*)?/;
const LIST_DUE = /\b\d{4}-\d{2}-\d{2}\b/;
const LIST_PRIORITY = /\bP[0-9]\b/;
const LIST_ID = /^([A-Z]{1,5}-\d+)\s*[:.)-]?\s*/;

/**
 * The first table of Action Items; else its first list, read as a task list:
 * the owner is the first @handle, the due date the first YYYY-MM-DD, the
 * priority the first P0-P9, a leading "AI-001:" the id, `[x]` means done.
 */
export function extractActionItems(root: Root, tables: LocatedTable[], sections: Section[], aliases: ColumnAliases): ActionItemTable | undefined {
  const table = tablesIn(tables, sections, 'action-items')[0];
  if (!table) return extractActionItemList(root, sections);
  const columns = mapColumns<ActionItemField>(table.header, aliases.actionItems);
  return {
    kind: 'table',
    span: table.span,
    columns: new Set(columns.keys()),
    items: table.rows
      .filter((row) => row.cells.some((cell) => cell.text !== ''))
      .map((row) => ({ row: row.span, fields: pickCells(row.cells, columns) })),
  };
}

function extractActionItemList(root: Root, sections: Section[]): ActionItemTable | undefined {
  const list = listsIn(root, sections, 'action-items')[0];
  if (!list) return undefined;
  const items = list.children
    .map((item) => ({ item, text: flatText(item) }))
    .filter(({ text }) => text !== '')
    .map(({ item, text }) => {
      const span = spanOf(item);
      const cell = (value: string | undefined) => (value === undefined ? undefined : { text: value, span });
      const id = LIST_ID.exec(text)?.[1];
      const fields: ActionItem['fields'] = {
        id: cell(id),
        description: cell(id ? text.slice(LIST_ID.exec(text)![0].length) : text),
        owner: cell(LIST_OWNER.exec(text)?.[0]),
        priority: cell(LIST_PRIORITY.exec(text)?.[0]),
        due: cell(LIST_DUE.exec(text)?.[0]),
        status: cell(item.checked === true ? 'done' : item.checked === false ? 'open' : undefined),
      };
      for (const key of ALL_ITEM_FIELDS) if (fields[key] === undefined) delete fields[key];
      return { row: span, fields };
    });
  return { kind: 'list', span: spanOf(list), columns: new Set(ALL_ITEM_FIELDS), items };
}

