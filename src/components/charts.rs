//! Accessible charts: an SVG picture (`role="img"` named by a sentence
//! that says what it shows) with the same numbers as a table one toggle
//! away ("Show … as table"), for screen readers and for reading exact
//! values.

use leptos::prelude::*;

use crate::results::record::{nice_max, thousands, Stack};

const W: f64 = 640.0;
const H: f64 = 200.0;
/// Series colours: CSS custom properties with fallbacks (style/tokens.css
/// may define `--chart-1` … `--chart-6`).
const COLOURS: [&str; 6] = [
    "var(--chart-1, #2563eb)",
    "var(--chart-2, #d97706)",
    "var(--chart-3, #059669)",
    "var(--chart-4, #db2777)",
    "var(--chart-5, #7c3aed)",
    "var(--chart-6, #0891b2)",
];

fn colour(i: usize) -> &'static str {
    COLOURS[i % COLOURS.len()]
}

/// A chart with its table: `title` is the figure's caption, `summary` the
/// picture's accessible name; `columns`/`rows` are the table.
#[component]
pub fn ChartFigure(
    #[prop(into)] title: String,
    #[prop(into)] summary: String,
    columns: Vec<String>,
    rows: Vec<Vec<String>>,
    /// The SVG's content (drawn in a 640 × 200 box).
    picture: AnyView,
    /// Series names for the legend (empty: no legend).
    #[prop(optional)]
    legend: Vec<String>,
    /// The drawing's height for a labelled chart drawn to scale (text
    /// inside); `None`: a 640 × 200 plot stretched to the box.
    #[prop(optional)]
    height: Option<f64>,
) -> impl IntoView {
    let as_table = RwSignal::new(false);
    let toggle_label = {
        let title = title.clone();
        move || {
            if as_table.get() {
                format!("Show {title} as chart")
            } else {
                format!("Show {title} as table")
            }
        }
    };
    let table = view! {
        <table class="data-table">
            <caption class="visually-hidden">{title.clone()}</caption>
            <thead>
                <tr>{columns.into_iter().map(|c| view! { <th scope="col">{c}</th> }).collect_view()}</tr>
            </thead>
            <tbody>
                {rows
                    .into_iter()
                    .map(|r| view! { <tr>{r.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}</tr> })
                    .collect_view()}
            </tbody>
        </table>
    };
    view! {
        <figure class="chart">
            <figcaption class="chart__title">{title.clone()}</figcaption>
            <button
                type="button"
                class="button button--quiet chart__toggle"
                aria-pressed=move || as_table.get().to_string()
                on:click=move |_| as_table.update(|t| *t = !*t)
            >
                {toggle_label}
            </button>
            <div class="chart__picture" hidden=move || as_table.get()>
                <svg
                    role="img"
                    aria-label=summary
                    viewBox=format!("0 0 {W} {}", height.unwrap_or(H + 20.0))
                    preserveAspectRatio=if height.is_some() { "xMinYMin meet" } else { "none" }
                    class=if height.is_some() { "chart__svg chart__svg--scaled" } else { "chart__svg" }
                >
                    {picture}
                </svg>
                {(!legend.is_empty())
                    .then(|| {
                        view! {
                            <ul class="chart__legend" aria-hidden="true">
                                {legend
                                    .into_iter()
                                    .enumerate()
                                    .map(|(i, name)| {
                                        view! {
                                            <li>
                                                <span class="chart__swatch" style:background=colour(i)></span>
                                                {name}
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                    })}
            </div>
            <div class="chart__table" hidden=move || !as_table.get()>{table}</div>
        </figure>
    }
}

/// Stacked bars, one per stack, series bottom to top.
pub fn stacked_bars(stacks: &[Stack]) -> AnyView {
    let max = nice_max(stacks.iter().map(|s| s.values.iter().sum::<u64>()).max().unwrap_or(0));
    let n = stacks.len().max(1) as f64;
    let step = W / n;
    let bar = (step * 0.8).max(1.0);
    let mut rects = Vec::new();
    for (i, s) in stacks.iter().enumerate() {
        let mut y = H;
        for (j, v) in s.values.iter().enumerate() {
            if *v == 0 {
                continue;
            }
            let h = *v as f64 / max as f64 * H;
            y -= h;
            rects.push(view! {
                <rect x=format!("{:.2}", i as f64 * step) y=format!("{y:.2}") width=format!("{bar:.2}") height=format!("{h:.2}") fill=colour(j)></rect>
            });
        }
    }
    view! {
        {axis(max)}
        {rects}
    }
    .into_any()
}

/// Lines, one per series, over shared x labels (`None`: no point there).
pub fn lines(series: &[Vec<Option<u64>>]) -> AnyView {
    let max = nice_max(series.iter().flatten().flatten().copied().max().unwrap_or(0));
    let n = series.iter().map(Vec::len).max().unwrap_or(0);
    let step = if n > 1 { W / (n - 1) as f64 } else { W };
    let polylines = series
        .iter()
        .enumerate()
        .map(|(j, points)| {
            let pts = points
                .iter()
                .enumerate()
                .filter_map(|(i, v)| v.map(|v| format!("{:.2},{:.2}", i as f64 * step, H - v as f64 / max as f64 * H)))
                .collect::<Vec<_>>()
                .join(" ");
            view! { <polyline points=pts fill="none" stroke=colour(j) stroke-width="2"></polyline> }
        })
        .collect_view();
    view! {
        {axis(max)}
        {polylines}
    }
    .into_any()
}

/// The row height of [`score_bars`].
pub const SCORE_ROW: f64 = 18.0;

/// Labelled horizontal bars of 0..=100 scores, one row each (`None`: "not
/// enough data" in words); draw it `SCORE_ROW × rows` high.
pub fn score_bars(scores: &[(String, Option<u8>)]) -> AnyView {
    const LABEL: f64 = 260.0;
    scores
        .iter()
        .enumerate()
        .map(|(i, (label, s))| {
            let y = i as f64 * SCORE_ROW;
            let short: String = if label.chars().count() > 40 {
                label.chars().take(39).chain(std::iter::once('…')).collect()
            } else {
                label.clone()
            };
            let bar = match s {
                Some(s) => {
                    let w = f64::from(*s) / 100.0 * (W - LABEL - 40.0);
                    view! {
                        <rect x=format!("{LABEL}") y=format!("{:.1}", y + 3.0) width=format!("{w:.1}") height="12" fill=colour(0)></rect>
                        <text x=format!("{:.1}", LABEL + w + 4.0) y=format!("{:.1}", y + 13.0) font-size="11" fill="currentColor">{s.to_string()}</text>
                    }
                    .into_any()
                }
                None => view! {
                    <text x=format!("{LABEL}") y=format!("{:.1}", y + 13.0) font-size="11" font-style="italic" fill="currentColor">"not enough data"</text>
                }
                .into_any(),
            };
            view! {
                <text x="0" y=format!("{:.1}", y + 13.0) font-size="11" fill="currentColor">{short}</text>
                {bar}
            }
        })
        .collect_view()
        .into_any()
}

/// The baseline and the maximum's label.
fn axis(max: u64) -> impl IntoView {
    view! {
        <line x1="0" y1=H x2=W y2=H stroke="currentColor" stroke-width="1"></line>
        <text x="2" y="12" font-size="12" fill="currentColor">{thousands(max)}</text>
    }
}
