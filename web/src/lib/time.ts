const fmt = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
});

/** dd/MM/yyyy HH:mm in Asia/Ho_Chi_Minh, whatever the browser's own time zone. */
export const formatDateTime = (ms: number): string => fmt.format(ms).replace(',', '');
