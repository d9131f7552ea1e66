/** A badge that wraps its words instead of cutting them ("Người đề nghị (phụ huynh, đ…"). */
export const WRAPPING_BADGE = {
  root: { height: 'auto', maxWidth: '100%', paddingBlock: 2 },
  label: { whiteSpace: 'normal', overflow: 'visible', textOverflow: 'clip', lineHeight: 1.3 },
} as const;

/** A short badge kept whole on one line: a narrow table cell must not cut it to "Đang hoạt …". */
export const WHOLE_BADGE = { root: { overflow: 'visible' }, label: { overflow: 'visible' } } as const;
