//! Plots of a sweep's output folder (plotters; PNG or SVG by the output's extension):
//! - [`heatmap`]: a summary column over two sweep axes (the others fixed with `at`, or reduced);
//! - [`series`]: per-level series over the gait cycle for chosen configurations, from their
//!   frames files (`lumbus sweep --frames`).
//!
//! Text is drawn with an embedded font (a subset of DejaVu Sans, `assets/`), so plots need no
//! fontconfig or system fonts.

use crate::columns::{Kind, OK, STATUS};
use crate::error::{Result, invalid};
use crate::files;
use crate::table::read_manifest;
use lumbus_core::params::LEVEL_NAMES;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::colors::colormaps::ViridisRGB;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

static FONT: &[u8] = include_bytes!("../assets/DejaVuSans-subset.ttf");

pub(crate) fn register_font() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let registered = plotters::style::register_font("sans-serif", FontStyle::Normal, FONT).is_ok();
        assert!(registered, "the embedded font is a valid TrueType font");
    });
}

/// How cells that several configurations fall in (axes not shown) are combined.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reduce {
    Max,
    Min,
    Mean,
}

impl FromStr for Reduce {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s {
            "max" => Ok(Reduce::Max),
            "min" => Ok(Reduce::Min),
            "mean" => Ok(Reduce::Mean),
            _ => Err(format!("`{s}`: expected max, min or mean")),
        }
    }
}

#[derive(Clone, Debug)]
pub struct HeatmapOptions {
    /// A sweep output folder (with `sweep.json` and `results.csv`).
    pub dir: PathBuf,
    /// A numeric summary column, e.g. `L4_L5_compression_peak_bw`.
    pub column: String,
    /// Sweep parameters on the axes; default the first two axes.
    pub x: Option<String>,
    pub y: Option<String>,
    /// Other parameters held at a value (`strength.gluteus_medius`, `0.4`).
    pub at: Vec<(String, String)>,
    /// How configurations sharing a cell are combined.
    pub reduce: Reduce,
    /// `.png` or `.svg`; default `DIR/heatmap_<column>.png`.
    pub output: Option<PathBuf>,
}

impl HeatmapOptions {
    pub fn new(dir: impl Into<PathBuf>, column: &str) -> HeatmapOptions {
        HeatmapOptions {
            dir: dir.into(),
            column: column.to_string(),
            x: None,
            y: None,
            at: Vec::new(),
            reduce: Reduce::Max,
            output: None,
        }
    }
}

/// More distinct values than this on an axis is not a grid (a random axis, say).
const MAX_CELLS_PER_AXIS: usize = 60;

struct Cell {
    min: f64,
    max: f64,
    sum: f64,
    n: u64,
}

struct HeatmapData {
    title: String,
    x: String,
    y: String,
    xl: Vec<String>,
    yl: Vec<String>,
    /// By (x index, y index).
    cells: HashMap<(usize, usize), f64>,
}

/// Draws a heatmap; returns the file written.
pub fn heatmap(o: &HeatmapOptions) -> Result<PathBuf> {
    let m = read_manifest(&o.dir)?;
    let params = &m.params;
    let check = |p: &String, what: &str| -> Result<String> {
        if params.contains(p) {
            Ok(p.clone())
        } else {
            Err(invalid(format!(
                "--{what} {p}: not a swept parameter; the sweep's axes are {}",
                params.join(", ")
            )))
        }
    };
    let x = match &o.x {
        Some(p) => check(p, "x")?,
        None => params[0].clone(),
    };
    let y = match &o.y {
        Some(p) => check(p, "y")?,
        None => params.iter().find(|p| **p != x).cloned().ok_or_else(|| {
            invalid(format!(
                "a heatmap needs two swept parameters; this sweep has only {}",
                params.join(", ")
            ))
        })?,
    };
    if x == y {
        return Err(invalid(format!("--x and --y are both `{x}`: choose two different axes")));
    }
    match m.columns.iter().find(|c| c.name == o.column) {
        Some(c) if matches!(c.kind, Kind::Float | Kind::Int) => {}
        Some(_) => return Err(invalid(format!("column `{}` is not numeric", o.column))),
        None => {
            let numeric: Vec<&str> = m
                .columns
                .iter()
                .filter(|c| {
                    matches!(c.kind, Kind::Float | Kind::Int)
                        && !params.contains(&c.name)
                        && c.name != "config_id"
                })
                .map(|c| c.name.as_str())
                .collect();
            return Err(invalid(format!(
                "no column `{}`; numeric columns: {}",
                o.column,
                numeric.join(", ")
            )));
        }
    }
    for (p, _) in &o.at {
        if !params.contains(p) || *p == x || *p == y {
            return Err(invalid(format!(
                "--at {p}=…: not one of the other swept parameters ({})",
                params.iter().filter(|q| **q != x && **q != y).cloned().collect::<Vec<_>>().join(", ")
            )));
        }
    }

    let csv_path = o.dir.join(files::RESULTS_CSV);
    let mut rdr =
        csv::Reader::from_path(&csv_path).map_err(|e| invalid(format!("{}: {e}", csv_path.display())))?;
    let head = rdr.headers().map_err(|e| invalid(format!("{}: {e}", csv_path.display())))?.clone();
    let idx = |name: &str| {
        head.iter()
            .position(|h| h == name)
            .ok_or_else(|| invalid(format!("{}: no column `{name}`", csv_path.display())))
    };
    let (ix, iy, iv, is) = (idx(&x)?, idx(&y)?, idx(&o.column)?, idx(STATUS)?);
    let at: Vec<(usize, &str)> =
        o.at.iter().map(|(p, v)| Ok((idx(p)?, v.as_str()))).collect::<Result<_>>()?;
    let same =
        |a: &str, b: &str| a == b || matches!((a.parse::<f64>(), b.parse::<f64>()), (Ok(p), Ok(q)) if p == q);

    let (mut xl, mut yl): (Vec<String>, Vec<String>) = (Vec::new(), Vec::new());
    let mut raw: HashMap<(String, String), Cell> = HashMap::new();
    for rec in rdr.records() {
        let r = rec.map_err(|e| invalid(format!("{}: {e}", csv_path.display())))?;
        if !at.iter().all(|(i, v)| same(&r[*i], v)) {
            continue;
        }
        for (labels, i) in [(&mut xl, ix), (&mut yl, iy)] {
            if !labels.iter().any(|l| l == &r[i]) {
                labels.push(r[i].to_string());
            }
        }
        if &r[is] != OK || r[iv].is_empty() {
            continue;
        }
        let v: f64 = r[iv]
            .parse()
            .map_err(|_| invalid(format!("{}: `{}` is not a number", csv_path.display(), &r[iv])))?;
        let c = raw.entry((r[ix].to_string(), r[iy].to_string())).or_insert(Cell {
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
            sum: 0.0,
            n: 0,
        });
        c.min = c.min.min(v);
        c.max = c.max.max(v);
        c.sum += v;
        c.n += 1;
    }
    if xl.is_empty() {
        return Err(invalid(format!("{}: no configuration matches the --at values", csv_path.display())));
    }
    for (p, labels) in [(&x, &xl), (&y, &yl)] {
        if labels.len() > MAX_CELLS_PER_AXIS {
            return Err(invalid(format!(
                "`{p}` has {} distinct values: a heatmap needs a grid axis (`values` or `range`), at most \
                 {MAX_CELLS_PER_AXIS}",
                labels.len()
            )));
        }
    }
    for labels in [&mut xl, &mut yl] {
        if labels.iter().all(|l| l.parse::<f64>().is_ok()) {
            labels.sort_by(|a, b| a.parse::<f64>().unwrap().total_cmp(&b.parse::<f64>().unwrap()));
        }
    }
    let cells = raw
        .into_iter()
        .map(|((a, b), c)| {
            let i = xl.iter().position(|l| *l == a).expect("label recorded");
            let j = yl.iter().position(|l| *l == b).expect("label recorded");
            let v = match o.reduce {
                Reduce::Max => c.max,
                Reduce::Min => c.min,
                Reduce::Mean => c.sum / c.n as f64,
            };
            ((i, j), v)
        })
        .collect();
    let others: Vec<&String> = params.iter().filter(|p| **p != x && **p != y).collect();
    let fixed: Vec<String> = o.at.iter().map(|(p, v)| format!("{p} = {v}")).collect();
    let reduced: Vec<&str> =
        others.iter().filter(|p| !o.at.iter().any(|(q, _)| q == **p)).map(|p| p.as_str()).collect();
    let mut notes = fixed;
    if !reduced.is_empty() {
        let how = match o.reduce {
            Reduce::Max => "max",
            Reduce::Min => "min",
            Reduce::Mean => "mean",
        };
        notes.push(format!("{how} over {}", reduced.join(", ")));
    }
    let title =
        if notes.is_empty() { o.column.clone() } else { format!("{} ({})", o.column, notes.join("; ")) };
    let data = HeatmapData { title, x, y, xl, yl, cells };

    let out = o.output.clone().unwrap_or_else(|| o.dir.join(format!("heatmap_{}.png", o.column)));
    let w = (220 + 80 * data.xl.len() as u32).clamp(720, 1600);
    let h = (200 + 44 * data.yl.len() as u32).clamp(480, 1200);
    render(&out, (w, h), |root| draw_heatmap(root, &data), |root| draw_heatmap(root, &data))?;
    Ok(out)
}

/// Maps drawing errors (each backend has its own type) to text.
pub(crate) trait Drawn<T> {
    fn d(self) -> std::result::Result<T, String>;
}
impl<T, E: std::fmt::Display> Drawn<T> for std::result::Result<T, E> {
    fn d(self) -> std::result::Result<T, String> {
        self.map_err(|e| e.to_string())
    }
}

/// Renders with the backend the file's extension names.
pub(crate) fn render(
    out: &Path,
    size: (u32, u32),
    png: impl FnOnce(&DrawingArea<BitMapBackend, Shift>) -> std::result::Result<(), String>,
    svg: impl FnOnce(&DrawingArea<SVGBackend, Shift>) -> std::result::Result<(), String>,
) -> Result<()> {
    register_font();
    let ext = out.extension().and_then(|e| e.to_str()).map(|e| e.to_ascii_lowercase());
    let fail = |e: String| invalid(format!("{}: cannot draw: {e}", out.display()));
    match ext.as_deref() {
        Some("png") => {
            let root = BitMapBackend::new(out, size).into_drawing_area();
            png(&root).map_err(fail)?;
            root.present().d().map_err(fail)
        }
        Some("svg") => {
            let root = SVGBackend::new(out, size).into_drawing_area();
            svg(&root).map_err(fail)?;
            root.present().d().map_err(fail)
        }
        _ => Err(invalid(format!("{}: the plot's file name must end in .png or .svg", out.display()))),
    }
}

/// Three significant digits, for cell labels and the colour bar.
fn short(v: f64) -> String {
    if v == 0.0 || !v.is_finite() {
        return format!("{v}");
    }
    let digits = (2 - v.abs().log10().floor() as i32).max(0) as usize;
    format!("{v:.digits$}")
}

fn draw_heatmap<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    h: &HeatmapData,
) -> std::result::Result<(), String> {
    root.fill(&WHITE).d()?;
    let (w, _) = root.dim_in_pixel();
    let (main, bar) = root.split_horizontally(w as i32 - 130);
    let (nx, ny) = (h.xl.len(), h.yl.len());
    let (lo, hi) =
        h.cells.values().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| (a.min(*v), b.max(*v)));
    let (lo, hi) = if lo.is_finite() { (lo, if hi > lo { hi } else { lo + 1e-9 }) } else { (0.0, 1.0) };
    let mut chart = ChartBuilder::on(&main)
        .caption(&h.title, ("sans-serif", 24))
        .margin(12)
        .x_label_area_size(56)
        .y_label_area_size(84)
        // Cell i spans i − ½ … i + ½, so the axis's whole numbers fall on cell centres.
        .build_cartesian_2d(-0.5..nx as f64 - 0.5, -0.5..ny as f64 - 0.5)
        .d()?;
    let label = |labels: &[String], v: f64| {
        let i = v.round();
        if (v - i).abs() < 1e-6 && i >= 0.0 {
            labels.get(i as usize).cloned().unwrap_or_default()
        } else {
            String::new()
        }
    };
    chart
        .configure_mesh()
        .disable_mesh()
        .x_labels(nx + 1)
        .y_labels(ny + 1)
        .x_desc(&h.x)
        .y_desc(&h.y)
        .x_label_formatter(&|v| label(&h.xl, *v))
        .y_label_formatter(&|v| label(&h.yl, *v))
        .label_style(("sans-serif", 17))
        .axis_desc_style(("sans-serif", 19))
        .draw()
        .d()?;
    let grey = RGBColor(225, 225, 225);
    let annotate = nx * ny <= 400;
    for i in 0..nx {
        for j in 0..ny {
            let (x0, y0) = (i as f64 - 0.5, j as f64 - 0.5);
            let value = h.cells.get(&(i, j));
            let colour = value.map(|v| ViridisRGB.get_color_normalized(*v, lo, hi)).unwrap_or(grey);
            chart.draw_series([Rectangle::new([(x0, y0), (x0 + 1.0, y0 + 1.0)], colour.filled())]).d()?;
            if let (Some(v), true) = (value, annotate) {
                // Dark text on the light (yellow) end of viridis, light text on the dark end.
                let ink = if (v - lo) / (hi - lo) > 0.6 { BLACK } else { WHITE };
                let style =
                    ("sans-serif", 15).into_font().color(&ink).pos(Pos::new(HPos::Center, VPos::Center));
                chart.draw_series([Text::new(short(*v), (x0 + 0.5, y0 + 0.5), style)]).d()?;
            }
        }
    }
    // Colour bar.
    let mut cb = ChartBuilder::on(&bar)
        .margin_top(44)
        .margin_bottom(60)
        .margin_right(12)
        .y_label_area_size(76)
        .build_cartesian_2d(0f64..1f64, lo..hi)
        .d()?;
    cb.configure_mesh()
        .disable_mesh()
        .disable_x_axis()
        .y_label_formatter(&|v| short(*v))
        .label_style(("sans-serif", 16))
        .draw()
        .d()?;
    let steps = 100;
    cb.draw_series((0..steps).map(|k| {
        let a = lo + (hi - lo) * k as f64 / steps as f64;
        let b = lo + (hi - lo) * (k + 1) as f64 / steps as f64;
        Rectangle::new([(0.0, a), (1.0, b)], ViridisRGB.get_color_normalized((a + b) / 2.0, lo, hi).filled())
    }))
    .d()?;
    Ok(())
}

#[derive(Clone, Debug)]
pub struct SeriesOptions {
    pub dir: PathBuf,
    pub ids: Vec<u64>,
    /// A per-level column of the frames files without its level, e.g. `compression_bw`,
    /// `facet_right_n`, `ap_shear_n`.
    pub quantity: String,
    /// `.png` or `.svg`; default `DIR/series_<quantity>_<ids>.png`.
    pub output: Option<PathBuf>,
}

/// The span of `values` with 5 % margins (a unit span around a constant or empty series).
pub(crate) fn padded_range(values: impl Iterator<Item = f64>) -> std::ops::Range<f64> {
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| (a.min(v), b.max(v)));
    let (lo, hi) = if lo.is_finite() && hi > lo { (lo, hi) } else { (lo.min(0.0), lo.max(0.0) + 1.0) };
    let pad = 0.05 * (hi - lo);
    (lo - pad)..(hi + pad)
}

/// The series' legend, boxed, in the upper right corner.
pub(crate) fn legend<'a, DB: DrawingBackend + 'a, CT: CoordTranslate>(
    chart: &mut ChartContext<'a, DB, CT>,
    font_size: u32,
) -> std::result::Result<(), String> {
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK.mix(0.3))
        .label_font(("sans-serif", font_size))
        .draw()
        .d()
}

/// Level colours, top (L1–L2) to bottom (L5–S1).
pub(crate) const LEVEL_COLOURS: [RGBColor; 5] = [
    RGBColor(0x1f, 0x77, 0xb4),
    RGBColor(0x2c, 0xa0, 0x2c),
    RGBColor(0x94, 0x67, 0xbd),
    RGBColor(0xff, 0x7f, 0x0e),
    RGBColor(0xd6, 0x27, 0x28),
];

struct Panel {
    title: String,
    cycle: Vec<f64>,
    levels: [Vec<f64>; 5],
}

/// Draws the per-level series of each configuration side by side; returns the file written.
pub fn series(o: &SeriesOptions) -> Result<PathBuf> {
    if o.ids.is_empty() {
        return Err(invalid("give the configurations to plot, e.g. --ids 0,12"));
    }
    let m = read_manifest(&o.dir)?;
    let titles = row_titles(&o.dir, &m.params, &o.ids)?;
    let mut panels = Vec::new();
    for id in &o.ids {
        let path = files::frames_csv(&o.dir, *id);
        if !path.exists() {
            return Err(invalid(format!(
                "{}: not found: write it with `lumbus sweep {} --out {} --frames {id}` (finished configurations \
                 are not run again, only their frames are written)",
                path.display(),
                m.source,
                o.dir.display()
            )));
        }
        let mut rdr =
            csv::Reader::from_path(&path).map_err(|e| invalid(format!("{}: {e}", path.display())))?;
        let head = rdr.headers().map_err(|e| invalid(format!("{}: {e}", path.display())))?.clone();
        let find = |n: &str| head.iter().position(|h| h == n);
        let cycle_col =
            find("cycle_pct").ok_or_else(|| invalid(format!("{}: no `cycle_pct` column", path.display())))?;
        let cols: Vec<usize> = LEVEL_NAMES
            .iter()
            .map(|l| {
                find(&format!("{l}_{}", o.quantity)).ok_or_else(|| {
                    let prefix = format!("{}_", LEVEL_NAMES[0]);
                    let avail: Vec<&str> =
                        head.iter().filter_map(|h| h.strip_prefix(prefix.as_str())).collect();
                    invalid(format!(
                        "{}: no per-level quantity `{}`; available: {}",
                        path.display(),
                        o.quantity,
                        avail.join(", ")
                    ))
                })
            })
            .collect::<Result<_>>()?;
        let mut p = Panel { title: titles[id].clone(), cycle: Vec::new(), levels: Default::default() };
        for rec in rdr.records() {
            let r = rec.map_err(|e| invalid(format!("{}: {e}", path.display())))?;
            let num = |i: usize| {
                r[i].parse::<f64>()
                    .map_err(|_| invalid(format!("{}: `{}` is not a number", path.display(), &r[i])))
            };
            p.cycle.push(num(cycle_col)?);
            for (k, c) in cols.iter().enumerate() {
                p.levels[k].push(num(*c)?);
            }
        }
        panels.push(p);
    }
    let ids: Vec<String> = o.ids.iter().map(|i| i.to_string()).collect();
    let out = o
        .output
        .clone()
        .unwrap_or_else(|| o.dir.join(format!("series_{}_{}.png", o.quantity, ids.join("-"))));
    let size = ((560 * panels.len() as u32).min(2400), 460);
    render(&out, size, |r| draw_series(r, &panels, &o.quantity), |r| draw_series(r, &panels, &o.quantity))?;
    Ok(out)
}

/// "config 12: gait.stride_m = 1.2, …" for each id, from the table (or the id alone).
fn row_titles(dir: &Path, params: &[String], ids: &[u64]) -> Result<HashMap<u64, String>> {
    let mut titles: HashMap<u64, String> = ids.iter().map(|id| (*id, format!("config {id}"))).collect();
    let p = dir.join(files::RESULTS_CSV);
    let Ok(mut rdr) = csv::Reader::from_path(&p) else { return Ok(titles) };
    let head = rdr.headers().map_err(|e| invalid(format!("{}: {e}", p.display())))?.clone();
    let cols: Vec<(usize, &String)> =
        params.iter().filter_map(|n| head.iter().position(|h| h == n).map(|i| (i, n))).collect();
    for rec in rdr.records() {
        let r = rec.map_err(|e| invalid(format!("{}: {e}", p.display())))?;
        if let Ok(id) = r[0].parse::<u64>()
            && let Some(t) = titles.get_mut(&id)
        {
            let vals: Vec<String> = cols.iter().map(|(i, n)| format!("{n} = {}", &r[*i])).collect();
            *t = format!("config {id}: {}", vals.join(", "));
        }
    }
    Ok(titles)
}

fn draw_series<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    panels: &[Panel],
    quantity: &str,
) -> std::result::Result<(), String> {
    root.fill(&WHITE).d()?;
    let y_range = padded_range(panels.iter().flat_map(|p| p.levels.iter().flatten().copied()));
    let areas = root.split_evenly((1, panels.len()));
    for (area, p) in areas.iter().zip(panels) {
        let mut chart = ChartBuilder::on(area)
            .caption(&p.title, ("sans-serif", 17))
            .margin(10)
            .x_label_area_size(40)
            .y_label_area_size(60)
            .build_cartesian_2d(0f64..100f64, y_range.clone())
            .d()?;
        chart
            .configure_mesh()
            .x_desc("gait cycle (%)")
            .y_desc(quantity)
            .label_style(("sans-serif", 16))
            .axis_desc_style(("sans-serif", 17))
            .light_line_style(RGBColor(235, 235, 235))
            .draw()
            .d()?;
        for (k, name) in LEVEL_NAMES.iter().enumerate() {
            let colour = LEVEL_COLOURS[k];
            chart
                .draw_series(LineSeries::new(
                    p.cycle.iter().copied().zip(p.levels[k].iter().copied()),
                    colour.stroke_width(2),
                ))
                .d()?
                .label(name.replace('_', "–"))
                .legend(move |(x, y)| PathElement::new([(x, y), (x + 18, y)], colour.stroke_width(2)));
        }
        legend(&mut chart, 16)?;
    }
    Ok(())
}
