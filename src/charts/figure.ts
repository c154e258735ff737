/**
 * The small part of Plotly's figure format that our charts use, typed by us so that
 * the library needs no Plotly type package and its declarations stay readable by the
 * TypeScript 5.0 inside tslab. A figure is plain JSON: `{ data, layout, config }`, the
 * shape `Plotly.newPlot` and the `application/vnd.plotly.v1+json` output type take.
 * Used by every chart builder; `showChart` in `src/notebook/display.ts` displays one.
 */

/** A value on an axis: a number, a category name, or `null` for a gap in a line. */
export type Datum = number | string | null;

/** How a line is drawn. */
export interface PlotlyLine {
  color?: string;
  width?: number;
  dash?: 'solid' | 'dot' | 'dash' | 'dashdot';
  shape?: 'linear' | 'spline' | 'hv';
}

/** How markers are drawn. */
export interface PlotlyMarker {
  color?: string | string[];
  size?: number | number[];
  symbol?: 'circle' | 'circle-open' | 'diamond' | 'diamond-open' | 'square' | 'x';
  opacity?: number;
  line?: { color?: string; width?: number };
  /** A fill pattern for bars, e.g. `{ shape: '/' }`, to tell apart bars that share a colour. */
  pattern?: { shape: '/' | '\\' | 'x' | '-' | '|' | '+' | '.'; fillmode?: 'replace' | 'overlay'; fgcolor?: string; solidity?: number };
}

/** What every trace can carry. */
export interface PlotlyTraceBase {
  name?: string;
  showlegend?: boolean;
  legendgroup?: string;
  /** Hover label; `%{x}`, `%{y}` and `%{text}` are filled in by Plotly. */
  hovertemplate?: string;
  hoverinfo?: 'skip' | 'none' | 'text' | 'x+y' | 'name+x+y';
  /** Drawn on the chart in the `text` modes. */
  text?: string[];
  /** Shown on hover only, as `%{hovertext}`. */
  hovertext?: string[];
  opacity?: number;
  /** Subplot axes, e.g. `"x2"` and `"y2"`; default `"x"` and `"y"`. */
  xaxis?: string;
  yaxis?: string;
}

/** Points, lines or labels. */
export interface ScatterTrace extends PlotlyTraceBase {
  type: 'scatter';
  mode: 'lines' | 'markers' | 'lines+markers' | 'text' | 'markers+text';
  x: Datum[];
  y: Datum[];
  line?: PlotlyLine;
  marker?: PlotlyMarker;
  /** Bridge `null` gaps; our charts keep them, so that NaN shows as a gap. */
  connectgaps?: boolean;
  textposition?: 'middle center' | 'middle left' | 'middle right' | 'top center' | 'bottom center';
  textfont?: PlotlyFont;
  cliponaxis?: boolean;
}

/** Bars, also used for histograms whose bins we compute ourselves. */
export interface BarTrace extends PlotlyTraceBase {
  type: 'bar';
  x: Datum[];
  y: Datum[];
  width?: number | number[];
  marker?: PlotlyMarker;
}

/** Any trace our charts produce. */
export type PlotlyTrace = ScatterTrace | BarTrace;

/** A font. */
export interface PlotlyFont {
  family?: string;
  size?: number;
  color?: string;
}

/** One axis. */
export interface PlotlyAxis {
  title?: { text: string; standoff?: number; font?: PlotlyFont };
  type?: 'linear' | 'log' | 'category';
  range?: [number, number];
  /** Share the range of another axis, e.g. `"x"`. */
  matches?: string;
  anchor?: string;
  domain?: [number, number];
  visible?: boolean;
  showgrid?: boolean;
  gridcolor?: string;
  zeroline?: boolean;
  zerolinecolor?: string;
  showline?: boolean;
  linecolor?: string;
  ticks?: '' | 'outside' | 'inside';
  tickformat?: string;
  tickvals?: number[];
  ticktext?: string[];
  automargin?: boolean;
  fixedrange?: boolean;
  showticklabels?: boolean;
}

/** A rectangle or line drawn behind the data, e.g. a shaded region or a reference line. */
export interface PlotlyShape {
  type: 'rect' | 'line';
  xref: string;
  yref: string;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  fillcolor?: string;
  opacity?: number;
  layer?: 'below' | 'above';
  line?: PlotlyLine;
}

/** A text label placed on the chart. */
export interface PlotlyAnnotation {
  text: string;
  xref: string;
  yref: string;
  x: number;
  y: number;
  showarrow: boolean;
  xanchor?: 'auto' | 'left' | 'center' | 'right';
  yanchor?: 'auto' | 'top' | 'middle' | 'bottom';
  font?: PlotlyFont;
  align?: 'left' | 'center' | 'right';
}

/** The figure's layout: title, axes, legend, sizes, shapes and labels. */
export interface PlotlyLayout {
  title?: { text: string; x?: number; xanchor?: 'left' | 'center'; font?: PlotlyFont };
  font?: PlotlyFont;
  height?: number;
  margin?: { l?: number; r?: number; t?: number; b?: number; pad?: number };
  paper_bgcolor?: string;
  plot_bgcolor?: string;
  colorway?: string[];
  showlegend?: boolean;
  legend?: { orientation?: 'h' | 'v'; x?: number; y?: number; xanchor?: 'left' | 'center' | 'right'; yanchor?: 'top' | 'bottom'; bgcolor?: string };
  hovermode?: 'closest' | 'x' | 'x unified' | false;
  hoverlabel?: { font?: PlotlyFont };
  barmode?: 'overlay' | 'group';
  bargap?: number;
  grid?: { rows: number; columns: number; pattern: 'independent' | 'coupled'; ygap?: number; xgap?: number };
  shapes?: PlotlyShape[];
  annotations?: PlotlyAnnotation[];
  xaxis?: PlotlyAxis;
  yaxis?: PlotlyAxis;
  /** Further subplot axes: `xaxis2`, `yaxis2`, ... */
  [axis: `${'x' | 'y'}axis${number}`]: PlotlyAxis | undefined;
}

/** Plotly's interaction settings. */
export interface PlotlyConfig {
  responsive?: boolean;
  displaylogo?: boolean;
  displayModeBar?: boolean | 'hover';
  modeBarButtonsToRemove?: string[];
  scrollZoom?: boolean;
  toImageButtonOptions?: { format?: 'png' | 'svg'; filename?: string; scale?: number };
}

/** A Plotly figure: what every chart builder returns and `showChart` displays. */
export interface PlotlyFigure {
  data: PlotlyTrace[];
  layout: PlotlyLayout;
  config?: PlotlyConfig;
}
