// Small charts drawn as inline SVG (no chart library: the app's JavaScript budget). Every chart
// is a <figure> with a caption, a one-line summary the SVG points to (aria-describedby), a
// legend, and its figures as a table behind a toggle (always shown when printed). A suppressed
// row (fewer than 10 patients) is written as "<10" and never drawn as a value.
// Series colours are CSS classes s0..s2 that print as black, white-with-outline and grey.
import { useId, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';

export const SUPPRESSED = '<10';

export interface ChartRow {
  key: string;
  label: string;
  short?: string; // on a time axis, where the label is too long
  values: (number | null)[] | null; // null: suppressed
}

export interface ChartProps {
  kind: 'bars' | 'stacked' | 'columns' | 'line';
  title: string;
  summary: string;
  groupLabel: string; // the first column of the table
  series: string[];
  rows: ChartRow[];
  format: (v: number, series: number) => string;
  compact?: (v: number, series: number) => string; // for the labels in the chart, when `format` is long
  max?: number; // a fixed top of the scale (100 for percentages)
  target?: { value: number; label: string };
  print?: boolean;
  empty?: string; // shown instead of the chart when there are no rows
}

const W = 640;

export function Chart(p: ChartProps) {
  const { t } = useI18n();
  const id = useId();
  const [open, setOpen] = useState(false);
  const titleId = id + 't', descId = id + 'd', tableId = id + 'x';
  const showTable = p.print || open;
  return (
    <figure className="chart" aria-labelledby={titleId}>
      <figcaption>
        <h3 id={titleId}>{p.title}</h3>
        <p id={descId} className="chart-summary">{p.summary}</p>
      </figcaption>
      {p.rows.length === 0 ? <p className="muted">{p.empty ?? t('dashboard.noData')}</p> : (
        <>
          <svg className="chart-svg" role="img" aria-labelledby={titleId} aria-describedby={descId} viewBox={`0 0 ${W} ${height(p)}`}
            preserveAspectRatio="xMinYMin meet">
            {p.kind === 'columns' || p.kind === 'line' ? <TimeChart {...p} format={p.compact ?? p.format} /> : <BarChart {...p} format={p.compact ?? p.format} />}
          </svg>
          {(p.series.length > 1 || p.target) && <Legend series={p.series} target={p.target?.label} />}
          {!p.print && (
            <button type="button" className="btn btn-quiet btn-small no-print" aria-expanded={open} aria-controls={tableId} onClick={() => setOpen(!open)}>
              {t(open ? 'dashboard.hideTable' : 'dashboard.showTable')}<span className="sr-only"> ({p.title})</span>
            </button>
          )}
          {showTable && <DataTable id={tableId} {...p} />}
        </>
      )}
    </figure>
  );
}

function Legend({ series, target }: { series: string[]; target?: string }) {
  return (
    <ul className="chart-legend" aria-hidden="true">
      {series.map((s, i) => (
        <li key={s}><svg width="14" height="14"><rect className={`s${i}`} x="1" y="1" width="12" height="12" /></svg>{s}</li>
      ))}
      {target && <li><svg width="20" height="14"><line className="chart-target" x1="0" x2="20" y1="7" y2="7" /></svg>{target}</li>}
    </ul>
  );
}

// The figures of a chart (or any per-group table): a row per group, a column per series.
export function DataTable({ id, title, groupLabel, series, rows, format }: Pick<ChartProps, 'title' | 'groupLabel' | 'series' | 'rows' | 'format'> & { id?: string }) {
  const { t } = useI18n();
  return (
    <div className="table-wrap chart-table" id={id}>
      <table className="table">
        <caption className="sr-only">{title}</caption>
        <thead>
          <tr><th scope="col">{groupLabel}</th>{series.map((s) => <th key={s} scope="col" className="num">{s}</th>)}</tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">{r.label}</th>
              {series.map((s, i) => <td key={s} className="num nowrap">{cell(r, i, format, t('dashboard.none'))}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function cell(r: ChartRow, i: number, format: ChartProps['format'], none: string): string {
  if (!r.values) return SUPPRESSED;
  const v = r.values[i];
  return v === null || v === undefined ? none : format(v, i);
}

// --- horizontal bars: one row per group, grouped (a bar per series) or stacked ---------------

const LABEL_W = 180, VALUE_W = 90, TOP = 18, GAP = 10;
const barH = (p: ChartProps) => (p.kind === 'stacked' ? 18 : 14);
const rowH = (p: ChartProps) => (p.kind === 'stacked' ? barH(p) : barH(p) * p.series.length) + GAP;
const TIME_H = 220;

function height(p: ChartProps): number {
  if (p.kind === 'columns' || p.kind === 'line') return TIME_H;
  return TOP + p.rows.length * rowH(p) + 4;
}

function shorten(s: string, n: number): string {
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}

function BarChart(p: ChartProps) {
  const values = p.rows.flatMap((r) => (r.values ?? []).filter((v): v is number => v !== null));
  const totals = p.kind === 'stacked' ? p.rows.map((r) => (r.values ?? []).reduce<number>((s, v) => s + (v ?? 0), 0)) : values;
  const lo = Math.min(0, ...values);
  const hi = Math.max(p.max ?? 0, ...totals, p.target?.value ?? 0, lo + 1);
  const x0 = LABEL_W, x1 = W - VALUE_W;
  const x = (v: number) => x0 + ((v - lo) / (hi - lo)) * (x1 - x0);
  const h = barH(p);
  return (
    <>
      <line className="chart-axis" x1={x(0)} x2={x(0)} y1={TOP - 4} y2={height(p) - 2} />
      {p.rows.map((r, ri) => {
        const y = TOP + ri * rowH(p);
        return (
          <g key={r.key}>
            <text className="chart-label" x={x0 - 8} y={y + (rowH(p) - GAP) / 2 + 4} textAnchor="end">
              <title>{r.label}</title>{shorten(r.label, 26)}
            </text>
            {!r.values ? (
              <text className="chart-suppressed" x={x(0) + 4} y={y + (rowH(p) - GAP) / 2 + 4}>{SUPPRESSED}</text>
            ) : p.kind === 'stacked' ? (
              <Stack row={r} y={y} h={h} x={x} format={(v) => p.format(v, 0)} />
            ) : (
              r.values.map((v, i) => (
                <Bar key={i} v={v} i={i} y={y + i * h} h={h - 2} x={x} rowKey={r.key} format={(v) => p.format(v, i)} />
              ))
            )}
          </g>
        );
      })}
      {p.target && (
        <g>
          <line className="chart-target" x1={x(p.target.value)} x2={x(p.target.value)} y1={TOP - 6} y2={height(p) - 2} />
          <text className="chart-note" x={x(p.target.value)} y={TOP - 8} textAnchor="middle">{p.target.label}</text>
        </g>
      )}
    </>
  );
}

function Bar({ v, i, y, h, x, rowKey, format }: { v: number | null; i: number; y: number; h: number; x: (v: number) => number; rowKey: string; format: (v: number) => string }) {
  if (v === null) return <text className="chart-value" x={x(0) + 4} y={y + h - 2}>–</text>;
  const a = Math.min(x(0), x(v)), b = Math.max(x(0), x(v));
  return (
    <>
      <rect className={`s${i}`} data-key={rowKey} x={a} y={y} width={Math.max(b - a, 1)} height={h} />
      <text className="chart-value" x={b + 4} y={y + h - 2}>{format(v)}</text>
    </>
  );
}

function Stack({ row, y, h, x, format }: { row: ChartRow; y: number; h: number; x: (v: number) => number; format: (v: number) => string }) {
  let at = 0;
  const first = row.values![0];
  return (
    <>
      {row.values!.map((v, i) => {
        if (v === null) return null;
        const a = x(at);
        at += v;
        return <rect key={i} className={`s${i}`} data-key={row.key} x={a} y={y} width={Math.max(x(at) - a, 0)} height={h} />;
      })}
      <text className="chart-value" x={x(at) + 4} y={y + h - 4}>{first === null ? '–' : format(first)}</text>
    </>
  );
}

// --- over time: columns (counts) or a line (a percentage), one step per month ---------------

function TimeChart(p: ChartProps) {
  const left = 44, right = 8, top = 14, bottom = 28;
  const plotH = TIME_H - top - bottom;
  const values = p.rows.map((r) => (r.values ? r.values[0] : null));
  const hi = Math.max(p.max ?? 0, ...values.map((v) => v ?? 0), 1);
  const step = (W - left - right) / Math.max(p.rows.length, 1);
  const cx = (i: number) => left + step * (i + 0.5);
  const y = (v: number) => top + plotH - (v / hi) * plotH;
  const every = Math.ceil(p.rows.length / 12); // at most 12 month labels
  const points = p.rows.map((_, i) => (values[i] === null ? null : [cx(i), y(values[i]!)] as const));
  // The line breaks where a month has no figure, rather than bridging the gap.
  const path = points.map((pt, i) => (pt ? `${i > 0 && points[i - 1] ? 'L' : 'M'}${pt[0].toFixed(1)} ${pt[1].toFixed(1)}` : '')).join(' ');
  return (
    <>
      {[0, hi / 2, hi].map((v) => (
        <g key={v}>
          <line className={v === 0 ? 'chart-axis' : 'chart-gridline'} x1={left} x2={W - right} y1={y(v)} y2={y(v)} />
          <text className="chart-note" x={left - 6} y={y(v) + 4} textAnchor="end">{p.format(v, 0)}</text>
        </g>
      ))}
      {p.rows.map((r, i) => (
        <g key={r.key}>
          {!r.values ? (
            <text className="chart-suppressed" x={cx(i)} y={y(0) - 4} textAnchor="middle">{SUPPRESSED}</text>
          ) : values[i] === null ? null : p.kind === 'columns' ? (
            <>
              <rect className="s0" data-key={r.key} x={cx(i) - step * 0.35} y={y(values[i]!)} width={step * 0.7} height={y(0) - y(values[i]!)} />
              {p.rows.length <= 24 && <text className="chart-value" x={cx(i)} y={y(values[i]!) - 3} textAnchor="middle">{p.format(values[i]!, 0)}</text>}
            </>
          ) : (
            <circle className="chart-point" data-key={r.key} cx={cx(i)} cy={y(values[i]!)} r={3.5} />
          )}
          {i % every === 0 && <text className="chart-label" x={cx(i)} y={TIME_H - 10} textAnchor="middle">{r.short ?? r.label}</text>}
        </g>
      ))}
      {p.kind === 'line' && path.trim() && <path className="chart-line" d={path} />}
    </>
  );
}

// A headline figure: a label over a large value.
export function Tile({ name, label, children }: { name: string; label: string; children: ReactNode }) {
  return (
    <div className="tile" data-tile={name}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}
