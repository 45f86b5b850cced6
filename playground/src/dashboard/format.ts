const usdCompact = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', notation: 'compact', maximumFractionDigits: 2 });
const usdPrice = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumSignificantDigits: 6 });
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** $1.23M style, for TVL and volume. */
export function formatUsdCompact(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : usdCompact.format(value);
}

/** A price with up to 6 significant digits ($3,001.42, $0.000123). */
export function formatPrice(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : usdPrice.format(value);
}

/** 12,345 (block numbers print without separators: see formatBlock). */
export function formatInteger(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : integer.format(value);
}

/** Block numbers as plain digits, so they read the same as in GraphQL answers. */
export function formatBlock(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : String(value);
}

/** 0x1234…abcd */
export function shortHex(value: string): string {
  return value.length > 12 ? `${value.slice(0, 6)}…${value.slice(-4)}` : value;
}

/** A signed raw token amount with its sign kept and long digits cut (the base units are raw). */
export function formatRawAmount(value: string): string {
  const negative = value.startsWith('-');
  const digits = negative ? value.slice(1) : value;
  const shown = digits.length > 10 ? `${digits.slice(0, 4)}…e${digits.length - 1}` : digits;
  return `${negative ? '−' : '+'}${shown}`;
}

/** HH:MM:SS in the viewer's time zone. */
export function formatTime(iso: string): string {
  return new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

const tokenAmount = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 4 });
const tokenAmountCompact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumSignificantDigits: 4 });

/** A raw (base-unit) amount in whole tokens, 4 significant digits (display only: the float loses precision). */
export function formatTokenAmount(raw: string, decimals: number): string {
  const value = Number(raw) / 10 ** decimals;
  return Math.abs(value) >= 1e6 ? tokenAmountCompact.format(value) : tokenAmount.format(value);
}
