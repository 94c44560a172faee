import { useMemo, useRef, useState, type WheelEvent } from 'react';
import { classColour, className, type Station } from '../domain';
import { useT } from '../i18n';
import { navigate } from '../router';

export interface MapStation extends Station {
  cls: number | null;
  openCases: number;
}

const W = 960;
const H = 660;
const PAD = 40;

/**
 * Schematic of the rivers drawn from the catalogue alone (no map tiles): stations at their lat/lon,
 * each joined to its downstream station (flow order), coloured by current class; sections where the
 * water changes province are highlighted and a dashed line approximates the Sichuan–Chongqing border.
 */
export function RiverMap({ stations, highlight }: { stations: MapStation[]; highlight?: string }) {
  const t = useT();
  const [hover, setHover] = useState<MapStation | null>(null);
  // wheel zooms around the pointer, drag pans, double-click resets; marks keep their screen size
  const [view, setView] = useState({ x: 0, y: 0, w: W, h: H });
  const drag = useRef<{ x: number; y: number; vx: number; vy: number } | null>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const k = view.w / W;
  const toView = (clientX: number, clientY: number) => {
    const rect = svgRef.current!.getBoundingClientRect();
    return [
      view.x + ((clientX - rect.left) / rect.width) * view.w,
      view.y + ((clientY - rect.top) / rect.height) * view.h,
    ];
  };
  const onWheel = (e: WheelEvent<SVGSVGElement>) => {
    const [px, py] = toView(e.clientX, e.clientY);
    const f = e.deltaY > 0 ? 1.25 : 0.8;
    const w = Math.min(W, Math.max(W / 12, view.w * f));
    const h = (w / W) * H;
    setView({ x: px - ((px - view.x) * w) / view.w, y: py - ((py - view.y) * h) / view.h, w, h });
  };
  const { project, links, border, labels } = useMemo(() => layout(stations), [stations]);
  if (stations.length === 0) return <div className="map-wrap muted">{t('noData')}</div>;
  return (
    <div className="map-wrap">
      <svg
        ref={svgRef}
        viewBox={`${view.x} ${view.y} ${view.w} ${view.h}`}
        className="river-map"
        role="img"
        aria-label="river schematic"
        onWheel={onWheel}
        onDoubleClick={() => setView({ x: 0, y: 0, w: W, h: H })}
        onMouseDown={(e) => (drag.current = { x: e.clientX, y: e.clientY, vx: view.x, vy: view.y })}
        onMouseUp={() => (drag.current = null)}
        onMouseLeave={() => (drag.current = null)}
        onMouseMove={(e) => {
          const d = drag.current;
          if (!d || !svgRef.current) return;
          const rect = svgRef.current.getBoundingClientRect();
          setView({
            ...view,
            x: d.vx - ((e.clientX - d.x) / rect.width) * view.w,
            y: d.vy - ((e.clientY - d.y) / rect.height) * view.h,
          });
        }}
        style={{ fontSize: 11 * k }}
      >
        <rect x={0} y={0} width={W} height={H} fill="#f7f9fb" />
        {labels.map((l) => (
          <text key={l.text} x={l.x} y={l.y} className="province-label">
            {l.text}
          </text>
        ))}
        <g className="border-line" data-testid="border">
          {border.map(([a, b], i) => (
            <line key={i} x1={a[0]} y1={a[1]} x2={b[0]} y2={b[1]} />
          ))}
        </g>
        {links.map(({ from, to, crosses }) => {
          const a = project(from);
          const b = project(to);
          return (
            <line
              key={`${from.code}-${to.code}`}
              x1={a[0]}
              y1={a[1]}
              x2={b[0]}
              y2={b[1]}
              className={crosses ? 'link crosses' : 'link'}
              stroke={crosses ? '#8e44ad' : '#7fa7c9'}
            />
          );
        })}
        {stations.map((s) => {
          const [x, y] = project(s);
          const crossBorder = s.kind === 'cross-border';
          const r = (crossBorder ? 8 : 6) * k;
          const common = {
            fill: classColour(s.cls),
            stroke: s.code === highlight ? '#000' : s.province === 'SC' ? '#8b4513' : '#1f3a5f',
            strokeWidth: (s.code === highlight ? 3 : 1.5) * k,
            onMouseEnter: () => setHover(s),
            onMouseLeave: () => setHover(null),
            onClick: () => navigate(`/stations/${encodeURIComponent(s.code)}`),
            style: { cursor: 'pointer' },
          };
          return (
            <g key={s.code} data-station={s.code} data-class={s.cls ?? 0}>
              {s.openCases > 0 && (
                <circle cx={x} cy={y} r={r + 5 * k} className="case-ring" style={{ strokeWidth: 2.5 * k }} />
              )}
              {crossBorder ? (
                <rect
                  x={x - r}
                  y={y - r}
                  width={2 * r}
                  height={2 * r}
                  transform={`rotate(45 ${x} ${y})`}
                  {...common}
                />
              ) : (
                <circle cx={x} cy={y} r={r} {...common} />
              )}
              {(crossBorder || s.openCases > 0 || (s.cls ?? 0) >= 4) && (
                <text
                  x={x + r + 3 * k}
                  y={y + 4 * k}
                  className="station-label"
                  style={{ strokeWidth: 3 * k }}
                >
                  {s.name}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      {hover && (
        <div className="map-tip">
          <strong>{hover.name}</strong> ({hover.code})
          <br />
          {hover.river} · {t(hover.province)} {hover.district}
          <br />
          {t('class')}: {className(hover.cls)} · {t('target')}: {className(hover.targetClass)}
          {hover.openCases > 0 && (
            <>
              <br />
              {t('openCases')}: {hover.openCases}
            </>
          )}
        </div>
      )}
      <div className="map-legend">
        {[1, 2, 3, 4, 5, 6].map((c) => (
          <span key={c}>
            <i style={{ background: classColour(c) }} /> {className(c)}
          </span>
        ))}
        <span>
          <i style={{ background: classColour(null) }} /> {t('noData')}
        </span>
        <span>◆ {t('crossBorder')}</span>
        <span>
          <i className="ring" /> {t('openCases')}
        </span>
        <span className="muted">{t('zoomHint')}</span>
        <span className="border-key">┄ {t('border')}</span>
        <span className="sc-stroke">○ {t('SC')}</span>
        <span className="cq-stroke">○ {t('CQ')}</span>
      </div>
    </div>
  );
}

function layout(stations: Station[]) {
  if (stations.length === 0) stations = [{ lat: 30, lon: 107 } as Station];
  const lats = stations.map((s) => s.lat);
  const lons = stations.map((s) => s.lon);
  const minLat = Math.min(...lats) - 0.1;
  const maxLat = Math.max(...lats) + 0.1;
  const minLon = Math.min(...lons) - 0.1;
  const maxLon = Math.max(...lons) + 0.3;
  const kx = Math.cos(((minLat + maxLat) / 2) * (Math.PI / 180));
  const scale = Math.min((W - 2 * PAD) / ((maxLon - minLon) * kx), (H - 2 * PAD) / (maxLat - minLat));
  // centre the drawing horizontally (the basin is taller than the frame is wide)
  const offsetX = PAD + (W - 2 * PAD - (maxLon - minLon) * kx * scale) / 2;
  const project = (s: { lat: number; lon: number }): [number, number] => [
    offsetX + (s.lon - minLon) * kx * scale,
    H - PAD - (s.lat - minLat) * scale,
  ];
  const byCode = new Map(stations.map((s) => [s.code, s]));
  const links = stations
    .filter((s) => s.downstream && byCode.has(s.downstream.code))
    .map((s) => {
      const to = byCode.get(s.downstream!.code)!;
      return { from: s, to, crosses: to.province !== s.province };
    });
  const border = borderSegments(stations.map((s) => ({ p: project(s), province: s.province })));
  const centroid = (p: 'CQ' | 'SC') => {
    const list = stations.filter((s) => s.province === p).map(project);
    if (!list.length) return null;
    return [
      list.reduce((a, b) => a + b[0], 0) / list.length,
      list.reduce((a, b) => a + b[1], 0) / list.length,
    ];
  };
  const cq = centroid('CQ');
  const sc = centroid('SC');
  const labels = [
    ...(cq ? [{ text: '重庆市 Chongqing', x: cq[0] + 40, y: cq[1] + 60 }] : []),
    ...(sc ? [{ text: '四川省 Sichuan', x: PAD + 10, y: PAD + 20 }] : []),
  ];
  return { project, links, border, labels };
}

const CELL = 8;
const REACH = 70;

/**
 * The border as the data sees it: on a grid, each cell belongs to the province of its nearest station
 * (within REACH px); segments are drawn between neighbouring cells of different provinces. No map data
 * needed, and every station is on its own side by construction.
 */
function borderSegments(
  points: Array<{ p: [number, number]; province: string }>,
): Array<[[number, number], [number, number]]> {
  const cols = Math.ceil(W / CELL);
  const rows = Math.ceil(H / CELL);
  const owner: Array<string | null> = new Array(cols * rows).fill(null);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const x = (c + 0.5) * CELL;
      const y = (r + 0.5) * CELL;
      let best = REACH * REACH;
      let who: string | null = null;
      for (const s of points) {
        const d = (s.p[0] - x) ** 2 + (s.p[1] - y) ** 2;
        if (d < best) {
          best = d;
          who = s.province;
        }
      }
      owner[r * cols + c] = who;
    }
  }
  const out: Array<[[number, number], [number, number]]> = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const a = owner[r * cols + c];
      if (!a) continue;
      const right = c + 1 < cols ? owner[r * cols + c + 1] : null;
      const below = r + 1 < rows ? owner[(r + 1) * cols + c] : null;
      if (right && right !== a)
        out.push([
          [(c + 1) * CELL, r * CELL],
          [(c + 1) * CELL, (r + 1) * CELL],
        ]);
      if (below && below !== a)
        out.push([
          [c * CELL, (r + 1) * CELL],
          [(c + 1) * CELL, (r + 1) * CELL],
        ]);
    }
  }
  return out;
}
