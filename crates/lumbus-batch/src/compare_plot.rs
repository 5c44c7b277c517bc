//! The curves of a comparison over the gait cycle: one panel per quantity, one line per scene.

use crate::compare::{Comparison, Curves};
use crate::error::Result;
use crate::plot::{Drawn, LEVEL_COLOURS, legend, padded_range, render};
use plotters::coord::Shift;
use plotters::prelude::*;
use std::path::Path;

type Pick = fn(&Curves) -> &[f64];

/// The four panels: lower lumbar compression, L4–L5 facet force, sacroiliac load.
const PANELS: [(&str, Pick); 4] = [
    ("L5–S1 compression (BW)", |c| &c.compression_bw[4]),
    ("L4–L5 compression (BW)", |c| &c.compression_bw[3]),
    ("L4–L5 facet force, larger side (N)", |c| &c.facet_n[3]),
    ("sacroiliac joints' load (BW)", |c| &c.sacroiliac_bw),
];

/// Scene colours: the base first (dark), then the level palette.
fn colour(i: usize) -> RGBColor {
    if i == 0 { RGBColor(0x20, 0x20, 0x20) } else { LEVEL_COLOURS[(i + 3) % LEVEL_COLOURS.len()] }
}

/// Writes the panels to `out` (.png or .svg), with an optional title line.
pub fn curves(c: &Comparison, out: &Path, title: &str) -> Result<()> {
    render(out, (1200, 860), |r| draw(r, c, title), |r| draw(r, c, title))
}

fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    c: &Comparison,
    title: &str,
) -> std::result::Result<(), String> {
    root.fill(&WHITE).d()?;
    let root = if title.is_empty() { root.clone() } else { root.titled(title, ("sans-serif", 22)).d()? };
    let areas = root.split_evenly((2, 2));
    for (area, (name, pick)) in areas.iter().zip(PANELS) {
        let y_range = padded_range(c.runs.iter().flat_map(|r| pick(&r.curves).iter().copied()));
        let mut chart = ChartBuilder::on(area)
            .caption(name, ("sans-serif", 18))
            .margin(10)
            .x_label_area_size(38)
            .y_label_area_size(60)
            .build_cartesian_2d(0f64..100f64, y_range)
            .d()?;
        chart
            .configure_mesh()
            .x_desc("gait cycle (%)")
            .label_style(("sans-serif", 15))
            .axis_desc_style(("sans-serif", 16))
            .light_line_style(RGBColor(235, 235, 235))
            .draw()
            .d()?;
        for (i, r) in c.runs.iter().enumerate() {
            let col = colour(i);
            let width = if i == 0 { 3 } else { 2 };
            chart
                .draw_series(LineSeries::new(
                    r.curves.cycle_pct.iter().copied().zip(pick(&r.curves).iter().copied()),
                    col.stroke_width(width),
                ))
                .d()?
                .label(r.name.clone())
                .legend(move |(x, y)| PathElement::new([(x, y), (x + 18, y)], col.stroke_width(width)));
        }
        legend(&mut chart, 14)?;
    }
    Ok(())
}
