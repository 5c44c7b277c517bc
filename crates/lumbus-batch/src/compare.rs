//! Side-by-side comparison of scenes: each is run, reduced to the same metrics, and set against
//! the first (the base) as a % change. Written as CSV and Markdown, printed as text, and its
//! curves over the gait cycle plotted (`compare_plot.rs`).
//!
//! Every metric is computed here from the run's per-frame series (the same series for peaks,
//! means and the per-metre integral), so a peak and a per-metre figure can never come from
//! different data. Per metre walked = ∫ compression dt over the run ÷ distance walked: the fair
//! way to compare gaits of different stride and cadence (DESIGN.md).

use crate::error::{Result, invalid, io_at};
use lumbus_core::loads::sacroiliac_force;
use lumbus_core::params::LEVEL_NAMES;
use lumbus_core::{Engine, Frame, Scene, Summary};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// One number per scene; `None` where it has no meaning (per metre when standing).
#[derive(Clone, Debug)]
pub struct Metric {
    /// Column-safe key, e.g. `L5_S1_compression_peak_bw`.
    pub key: String,
    /// Plain label with its unit, e.g. `L5–S1 compression peak (BW)`.
    pub label: String,
    pub values: Vec<Option<f64>>,
    /// How a variant's change from the base is given: relative (%) for loads; as a difference
    /// (in the unit named) for shares, gaps and counts, whose base can be zero or negative.
    pub change: Change,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Change {
    Relative,
    Difference(&'static str),
}

/// The change kind a metric's key implies.
fn change_kind(key: &str) -> Change {
    if key.ends_with("_pct") {
        Change::Difference("pts")
    } else if key.ends_with("_gap_max_mm") {
        Change::Difference("mm")
    } else if key.ends_with("_events_per_cycle") {
        Change::Difference("")
    } else {
        Change::Relative
    }
}

/// The per-frame curves a comparison plots, per scene.
#[derive(Clone, Debug, Default)]
pub struct Curves {
    pub cycle_pct: Vec<f64>,
    /// Compression per level, BW, L1–L2 … L5–S1.
    pub compression_bw: [Vec<f64>; 5],
    /// AP shear per level, BW.
    pub ap_shear_bw: [Vec<f64>; 5],
    /// Larger of the two facet forces per level, N.
    pub facet_n: [Vec<f64>; 5],
    /// Sacroiliac joints' total load, BW.
    pub sacroiliac_bw: Vec<f64>,
}

/// One scene, run and reduced.
#[derive(Clone, Debug)]
pub struct Evaluated {
    pub name: String,
    /// Where the scene came from (a file, or "built in").
    pub source: String,
    pub scene: Scene,
    pub speed_mps: f64,
    pub curves: Curves,
    /// The run's warnings (`Summary::warnings`): the comparison repeats them under its table.
    pub warnings: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct Comparison {
    pub runs: Vec<Evaluated>,
    pub metrics: Vec<Metric>,
}

/// One run's metric before it joins a comparison: key, label, value.
pub type RawMetric = (String, String, Option<f64>);

/// Runs a scene; errors name the scene.
pub fn evaluate(scene: &Scene, source: &str) -> Result<(Evaluated, Vec<RawMetric>)> {
    let engine = Engine::new(scene).map_err(|e| invalid(format!("{source}: {e}")))?;
    let out = engine.run().map_err(|e| invalid(format!("{source}: {e}")))?;
    let bw = engine.model.body_weight;
    let frames = &out.frames;
    let mut c = Curves::default();
    for f in frames {
        c.cycle_pct.push(f.cycle_pct);
        for k in 0..5 {
            let l = &f.levels[k];
            c.compression_bw[k].push(l.compression_n / bw);
            c.ap_shear_bw[k].push(l.ap_shear_n / bw);
            c.facet_n[k].push(l.facet_left_n.max(l.facet_right_n));
        }
        let pose = engine.pose(f.time_s);
        c.sacroiliac_bw.push(sacroiliac_force(&engine.model, &pose, f).norm() / bw);
    }
    let metrics = reduce(&engine, &out.summary, frames, &c);
    let ev = Evaluated {
        name: scene.name.clone(),
        source: source.to_string(),
        scene: scene.clone(),
        speed_mps: scene.gait.speed_mps(),
        curves: c,
        warnings: out.summary.warnings.clone(),
    };
    Ok((ev, metrics))
}

fn peak(v: &[f64]) -> f64 {
    v.iter().fold(f64::NEG_INFINITY, |a, b| a.max(*b))
}
fn peak_abs(v: &[f64]) -> f64 {
    v.iter().fold(0.0, |a: f64, b| a.max(b.abs()))
}
fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len() as f64
}

/// Distance walked over the run, m (`None` when standing).
pub fn distance_m(engine: &Engine) -> Option<f64> {
    let g = &engine.model.scene.gait;
    engine.plan.walking.then_some(engine.plan.stride * g.cycles as f64)
}

/// ∫ v dt over the run ÷ distance walked, for a per-frame series v in N.
pub fn per_metre(engine: &Engine, series_n: impl Iterator<Item = f64>) -> Option<f64> {
    let g = &engine.model.scene.gait;
    let dt = engine.plan.period / g.frames_per_cycle as f64;
    distance_m(engine).map(|d| series_n.map(|v| v * dt).sum::<f64>() / d)
}

/// The metrics of one run: (key, label, value).
fn reduce(engine: &Engine, summary: &Summary, frames: &[Frame], c: &Curves) -> Vec<RawMetric> {
    let bw = engine.model.body_weight;
    let mut m = Vec::new();
    let mut push = |key: String, label: String, v: Option<f64>| m.push((key, label, v));
    for (k, name) in LEVEL_NAMES.iter().enumerate() {
        let nice = name.replace('_', "–");
        let share: Vec<f64> = frames.iter().map(|f| f.levels[k].facet_share).collect();
        let ml: Vec<f64> = frames.iter().map(|f| f.levels[k].ml_shear_n / bw).collect();
        let gaps = frames
            .iter()
            .map(|f| f.levels[k].facet_gap_left_mm.max(f.levels[k].facet_gap_right_mm))
            .fold(f64::NEG_INFINITY, f64::max);
        push(
            format!("{name}_compression_peak_bw"),
            format!("{nice} compression peak (BW)"),
            Some(peak(&c.compression_bw[k])),
        );
        push(
            format!("{name}_compression_mean_bw"),
            format!("{nice} compression mean (BW)"),
            Some(mean(&c.compression_bw[k])),
        );
        push(
            format!("{name}_ap_shear_peak_bw"),
            format!("{nice} AP shear peak (BW)"),
            Some(peak_abs(&c.ap_shear_bw[k])),
        );
        push(format!("{name}_ml_shear_peak_bw"), format!("{nice} ML shear peak (BW)"), Some(peak_abs(&ml)));
        push(
            format!("{name}_facet_peak_n"),
            format!("{nice} facet force peak (N)"),
            Some(peak(&c.facet_n[k])),
        );
        push(
            format!("{name}_facet_share_mean_pct"),
            format!("{nice} facet share mean (%)"),
            Some(100.0 * mean(&share)),
        );
        push(
            format!("{name}_facet_gap_max_mm"),
            format!("{nice} largest facet gap (mm; < 0: in contact)"),
            Some(gaps),
        );
        let ls = summary.level(name);
        push(
            format!("{name}_gapping_events_per_cycle"),
            format!("{nice} facet gapping events per cycle (both sides)"),
            Some((ls.gapping_events_left + ls.gapping_events_right) as f64),
        );
        push(
            format!("{name}_compression_per_m_ns_per_m"),
            format!("{nice} compression per metre walked (N·s/m)"),
            per_metre(engine, frames.iter().map(|f| f.levels[k].compression_n)),
        );
    }
    let hip: Vec<f64> = frames
        .iter()
        .map(|f| {
            f.hip_contact_n.iter().map(|h| h.iter().map(|x| x * x).sum::<f64>().sqrt()).fold(0.0, f64::max)
                / bw
        })
        .collect();
    push("hip_contact_peak_bw".into(), "hip contact peak (BW)".into(), Some(peak(&hip)));
    push(
        "sacroiliac_peak_bw".into(),
        "sacroiliac joints' load peak (BW)".into(),
        Some(peak(&c.sacroiliac_bw)),
    );
    push(
        "sacroiliac_per_m_ns_per_m".into(),
        "sacroiliac load per metre walked (N·s/m)".into(),
        per_metre(engine, c.sacroiliac_bw.iter().map(|v| v * bw)),
    );
    // Lumbar axial rotation: the five levels' rotations added (the pelvis–thorax twist the
    // lumbar spine takes), its range over the cycle.
    let twist: Vec<f64> = frames.iter().map(|f| f.levels.iter().map(|l| l.angles_deg[2]).sum()).collect();
    push(
        "lumbar_axial_rotation_range_deg".into(),
        "lumbar axial rotation range (°)".into(),
        Some(peak(&twist) - twist.iter().fold(f64::INFINITY, |a, b| a.min(*b))),
    );
    let reserve: Vec<f64> = frames.iter().map(|f| f.reserve_max_nm).collect();
    push("reserve_max_nm".into(), "largest reserve moment (N·m)".into(), Some(peak(&reserve)));
    // The impact transient (sampled finely by the engine, `Summary::impact`); no value when the
    // scene has no impact, so every comparison has the same rows.
    let im = summary.impact.as_ref();
    for (key, label, value) in [
        ("impact_force_peak_bw", "extra ground force peak (BW)", im.map(|i| i.force_peak_bw)),
        ("impact_peak_time_ms", "time to peak after contact (ms)", im.map(|i| i.peak_time_ms)),
        ("impact_loading_rate_bw_per_s", "loading rate (BW/s)", im.map(|i| i.loading_rate_bw_per_s)),
        (
            "impact_deceleration_peak_g",
            "effective mass's deceleration peak (g)",
            im.map(|i| i.deceleration_peak_g),
        ),
    ] {
        push(key.into(), format!("impact transient: {label}"), value);
    }
    for name in LEVEL_NAMES {
        push(
            format!("{name}_impact_compression_rise_bw"),
            format!("impact transient: {} compression rise (BW)", name.replace('_', "–")),
            im.map(|i| i.compression_rise_bw[name]),
        );
    }
    m
}

impl Comparison {
    /// Runs every scene (the first is the base).
    pub fn of_scenes(scenes: &[(Scene, String)]) -> Result<Comparison> {
        if scenes.len() < 2 {
            return Err(invalid("a comparison needs a base scene and at least one variant"));
        }
        let mut runs = Vec::new();
        let mut metrics: Vec<Metric> = Vec::new();
        for (i, (scene, source)) in scenes.iter().enumerate() {
            let (ev, ms) = evaluate(scene, source)?;
            for (j, (key, label, v)) in ms.into_iter().enumerate() {
                if i == 0 {
                    metrics.push(Metric { change: change_kind(&key), key, label, values: vec![v] });
                } else {
                    metrics[j].values.push(v);
                }
            }
            runs.push(ev);
        }
        Ok(Comparison { runs, metrics })
    }

    /// Loads the scene files (every file is read and checked before anything runs).
    pub fn of_files(paths: &[PathBuf]) -> Result<Comparison> {
        let mut scenes = Vec::new();
        for p in paths {
            let s = lumbus_io::load_scene(p).map_err(|e| invalid(e.to_string()))?;
            scenes.push((s, p.display().to_string()));
        }
        let names: Vec<&str> = scenes.iter().map(|(s, _)| s.name.as_str()).collect();
        for (i, n) in names.iter().enumerate() {
            if names[..i].contains(n) {
                return Err(invalid(format!(
                    "two scenes are both named `{n}`: give each a distinct `name` so the table can tell them apart"
                )));
            }
        }
        Self::of_scenes(&scenes)
    }

    pub fn metric(&self, key: &str) -> &Metric {
        self.metrics.iter().find(|m| m.key == key).unwrap_or_else(|| panic!("no metric `{key}`"))
    }

    /// Value of a metric for run `i`.
    pub fn value(&self, key: &str, i: usize) -> Option<f64> {
        self.metric(key).values[i]
    }

    /// Change of run `i` from the base: % for relative metrics, else the difference.
    pub fn change_pct(&self, key: &str, i: usize) -> Option<f64> {
        change(self.metric(key), i)
    }

    /// The change as text ("+12.3 %", "+1.8 pts").
    pub fn change_text(&self, key: &str, i: usize) -> String {
        let m = self.metric(key);
        fmt_change_of(m, change(m, i))
    }

    /// CSV: one row per metric; a value column per scene and a % change column per variant.
    pub fn write_csv(&self, path: &Path) -> Result<()> {
        let mut w = csv::Writer::from_path(path).map_err(|e| invalid(format!("{}: {e}", path.display())))?;
        let mut head = vec!["metric".to_string(), "label".to_string()];
        head.extend(self.runs.iter().map(|r| r.name.clone()));
        head.push("change_unit".to_string());
        head.extend(self.runs[1..].iter().map(|r| format!("{}_change", r.name)));
        let fail = |e: csv::Error| invalid(format!("{}: {e}", path.display()));
        w.write_record(&head).map_err(fail)?;
        for m in &self.metrics {
            let mut row = vec![m.key.clone(), m.label.clone()];
            row.extend(m.values.iter().map(|v| v.map(|x| format!("{x}")).unwrap_or_default()));
            row.push(match m.change {
                Change::Relative => "%".to_string(),
                Change::Difference(u) => u.to_string(),
            });
            row.extend(
                (1..self.runs.len()).map(|i| change(m, i).map(|x| format!("{x}")).unwrap_or_default()),
            );
            w.write_record(&row).map_err(fail)?;
        }
        w.flush().map_err(io_at(path))
    }

    /// A Markdown table of the chosen metrics (all when `keys` is empty).
    pub fn markdown(&self, keys: &[&str]) -> String {
        let mut s = String::new();
        let names: Vec<String> = self.runs.iter().map(|r| format!("`{}`", r.name)).collect();
        let _ = write!(s, "| metric | {} (base) |", names[0]);
        for n in &names[1..] {
            let _ = write!(s, " {n} | change |");
        }
        s.push('\n');
        s.push_str(&"|---".repeat(2 + 2 * (names.len() - 1)));
        s.push_str("|\n");
        let speed: Vec<String> = self.runs.iter().map(|r| format!("{:.2}", r.speed_mps)).collect();
        let _ = write!(s, "| speed (m/s) | {} |", speed[0]);
        for v in &speed[1..] {
            let _ = write!(s, " {v} | |");
        }
        s.push('\n');
        for m in self.selected(keys) {
            let _ = write!(s, "| {} | {} |", m.label, fmt_value(m.values[0]));
            for i in 1..m.values.len() {
                let _ = write!(s, " {} | {} |", fmt_value(m.values[i]), fmt_change_of(m, change(m, i)));
            }
            s.push('\n');
        }
        s.push_str(&self.warnings_text("- "));
        s
    }

    /// Each run's warnings, one line each after `bullet`, preceded by a blank line; empty when
    /// no run warns.
    fn warnings_text(&self, bullet: &str) -> String {
        let mut s = String::new();
        for r in &self.runs {
            for w in &r.warnings {
                let _ = writeln!(s, "{bullet}Warning, `{}`: {w}.", r.name);
            }
        }
        if s.is_empty() { s } else { format!("\n{s}") }
    }

    /// The same as plain aligned text, for the terminal.
    pub fn text(&self, keys: &[&str]) -> String {
        let width = self.selected(keys).map(|m| m.label.chars().count()).max().unwrap_or(10);
        let mut s = format!("{:width$}", "");
        for (i, r) in self.runs.iter().enumerate() {
            let n: String = r.name.chars().take(22).collect();
            let _ = write!(s, "  {n:>22}");
            if i > 0 {
                let _ = write!(s, "  {:>9}", "change");
            }
        }
        s.push('\n');
        let _ = write!(s, "{:width$}", "speed (m/s)");
        for (i, r) in self.runs.iter().enumerate() {
            let _ = write!(s, "  {:>22.2}", r.speed_mps);
            if i > 0 {
                let _ = write!(s, "  {:>9}", "");
            }
        }
        s.push('\n');
        for m in self.selected(keys) {
            let pad = width - m.label.chars().count();
            let _ = write!(s, "{}{}", m.label, " ".repeat(pad));
            for i in 0..m.values.len() {
                let _ = write!(s, "  {:>22}", fmt_value(m.values[i]));
                if i > 0 {
                    let _ = write!(s, "  {:>9}", fmt_change_of(m, change(m, i)));
                }
            }
            s.push('\n');
        }
        s.push_str(&self.warnings_text(""));
        s
    }

    fn selected<'a>(&'a self, keys: &'a [&str]) -> impl Iterator<Item = &'a Metric> + 'a {
        let all = keys.is_empty();
        let mut out: Vec<&Metric> = Vec::new();
        if all {
            out.extend(self.metrics.iter());
        } else {
            for k in keys {
                out.push(self.metric(k));
            }
        }
        out.into_iter()
    }
}

fn change(m: &Metric, i: usize) -> Option<f64> {
    match (m.values[0], m.values[i], m.change) {
        (Some(b), Some(v), Change::Relative) if b.abs() > 1e-12 => Some(100.0 * (v - b) / b.abs()),
        (Some(b), Some(v), Change::Difference(_)) => Some(v - b),
        _ => None,
    }
}

fn fmt_change_of(m: &Metric, c: Option<f64>) -> String {
    match (m.change, c) {
        (Change::Difference(unit), Some(x)) => format!("{x:+.2} {unit}").trim_end().to_string(),
        _ => fmt_change(c),
    }
}

/// Three significant digits (at least two decimals below 1).
pub fn fmt_value(v: Option<f64>) -> String {
    match v {
        None => "—".into(),
        Some(0.0) => "0".into(),
        Some(x) => {
            let digits = (2 - x.abs().log10().floor() as i32).clamp(0, 4) as usize;
            format!("{x:.digits$}")
        }
    }
}

pub fn fmt_change(c: Option<f64>) -> String {
    match c {
        None => "—".into(),
        Some(x) => format!("{x:+.1} %"),
    }
}

/// The metrics shown by default: lower lumbar levels, hips, SI, per metre.
pub const KEY_METRICS: &[&str] = &[
    "L4_L5_compression_peak_bw",
    "L4_L5_compression_mean_bw",
    "L5_S1_compression_peak_bw",
    "L5_S1_compression_mean_bw",
    "L5_S1_ap_shear_peak_bw",
    "L4_L5_ml_shear_peak_bw",
    "L4_L5_facet_peak_n",
    "L4_L5_facet_share_mean_pct",
    "L5_S1_facet_peak_n",
    "L4_L5_compression_per_m_ns_per_m",
    "L5_S1_compression_per_m_ns_per_m",
    "hip_contact_peak_bw",
    "sacroiliac_peak_bw",
    "lumbar_axial_rotation_range_deg",
    "reserve_max_nm",
];

/// Runs the scene files and writes `DIR/comparison.csv`, `comparison.md` and `curves.png`;
/// returns the comparison and the files written.
pub fn compare_files(paths: &[PathBuf], out: &Path) -> Result<(Comparison, Vec<PathBuf>)> {
    let c = Comparison::of_files(paths)?;
    std::fs::create_dir_all(out).map_err(io_at(out))?;
    let csv_path = out.join("comparison.csv");
    c.write_csv(&csv_path)?;
    let md_path = out.join("comparison.md");
    let mut md = String::from("# Lumbus comparison\n\n");
    for r in &c.runs {
        let _ = writeln!(md, "- `{}`: {}", r.name, r.source);
    }
    md.push_str("\nChange is from the first scene (the base). Per metre walked = compression integrated over the run ÷ distance walked.\n\n");
    md.push_str(&c.markdown(&[]));
    std::fs::write(&md_path, md).map_err(io_at(&md_path))?;
    let png = out.join("curves.png");
    crate::compare_plot::curves(&c, &png, "")?;
    Ok((c, vec![csv_path, md_path, png]))
}
