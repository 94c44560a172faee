import { LineChart } from 'echarts/charts';
import { GridComponent, MarkAreaComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { CLASS_COLOURS, PARAMETERS, className } from '../domain';

echarts.use([LineChart, GridComponent, TooltipComponent, MarkAreaComponent, MarkLineComponent, SVGRenderer]);

export interface Point {
  ts: string;
  value: number;
  class?: number | null;
  flag?: string;
}

/** Class bands (markArea) for a parameter: I..V and 劣V, from the GB 3838-2002 limits. */
function bands(parameter: string, max: number) {
  const p = PARAMETERS[parameter];
  if (parameter === 'ph') {
    return [
      [{ yAxis: 0, itemStyle: { color: CLASS_COLOURS[6], opacity: 0.12 }, name: '劣V' }, { yAxis: 6 }],
      [{ yAxis: 6, itemStyle: { color: CLASS_COLOURS[1], opacity: 0.1 }, name: 'I–V' }, { yAxis: 9 }],
      [{ yAxis: 9, itemStyle: { color: CLASS_COLOURS[6], opacity: 0.12 }, name: '劣V' }, { yAxis: 14 }],
    ];
  }
  if (!p?.limits) return [];
  const edges = p.atLeast
    ? [Math.max(max, p.limits[0] * 1.2), ...p.limits, 0]
    : [0, ...p.limits, Math.max(max, p.limits[4] * 1.3)];
  // atLeast (DO): class I is above 7.5, 劣V below 2
  return [1, 2, 3, 4, 5, 6]
    .map((c, i) => {
      const [a, b] = p.atLeast ? [edges[i + 1], edges[i]] : [edges[i], edges[i + 1]];
      if (a === b) return null;
      return [
        { yAxis: a, itemStyle: { color: CLASS_COLOURS[c], opacity: 0.13 }, name: className(c) },
        { yAxis: b },
      ];
    })
    .filter((x) => x !== null);
}

export function ParameterChart({
  parameter,
  points,
  markTime,
}: {
  parameter: string;
  points: Point[];
  markTime?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current, undefined, { renderer: 'svg' });
    const values = points.map((p) => p.value);
    const max = Math.max(...values, 0);
    const unit = PARAMETERS[parameter]?.unit ?? '';
    chart.setOption({
      animation: false,
      grid: { left: 50, right: 36, top: 24, bottom: 28 },
      tooltip: {
        trigger: 'axis',
        valueFormatter: (v: number) => `${v} ${unit}`,
      },
      xAxis: { type: 'time' },
      yAxis: {
        type: 'value',
        name: unit,
        min: parameter === 'ph' ? 5 : 0,
        max: parameter === 'ph' ? 10 : (v: { max: number }) => Number((v.max * 1.15).toPrecision(2)),
      },
      series: [
        {
          type: 'line',
          name: parameter,
          showSymbol: points.length < 80,
          data: points.map((p) => ({
            value: [p.ts, p.value],
            itemStyle: p.flag && p.flag !== 'N' ? { color: '#999', borderType: 'dashed' } : undefined,
          })),
          lineStyle: { color: '#223' },
          itemStyle: { color: '#223' },
          markArea: {
            silent: true,
            label: { show: true, position: 'insideRight', color: '#555', fontSize: 10 },
            data: bands(parameter, max),
          },
          ...(markTime
            ? {
                markLine: {
                  silent: true,
                  symbol: 'none',
                  label: { show: false },
                  lineStyle: { color: '#c00' },
                  data: [{ xAxis: markTime }],
                },
              }
            : {}),
        },
      ],
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [parameter, points, markTime]);
  return <div ref={ref} className="chart" data-chart={parameter} />;
}
