//! The claims report: popular advice about walking with a sore back, each set as a comparison
//! of scenes (`scenes/claims/claims.toml`), run, and written up as Markdown with plots — what
//! the model says, what of it rests on validated mechanics and what on assumptions, and the
//! literature. A claim whose mechanism the engine lacks carries `missing`: the report says so
//! and prints no number for it.

use crate::compare::{Comparison, fmt_value};
use crate::error::{Result, invalid, io_at};
use serde::Deserialize;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The default manifest, relative to the project root.
pub const DEFAULT_MANIFEST: &str = "scenes/claims/claims.toml";

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ManifestFile {
    claim: Vec<ClaimSpec>,
}

/// One claim as the manifest states it.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimSpec {
    /// Short id, used for file names (`[a-z0-9_]`).
    pub id: String,
    /// The advice or belief, as people read it.
    pub claim: String,
    /// Base scene and variants, paths relative to the manifest (absent when `missing`).
    #[serde(default)]
    pub base: Option<PathBuf>,
    #[serde(default)]
    pub variants: Vec<PathBuf>,
    /// Why this comparison is the fair one (equal speed, same subject, ...).
    #[serde(default)]
    pub fair: String,
    /// Metrics to headline (keys of `compare::Comparison`); a default set when empty.
    #[serde(default)]
    pub headline: Vec<String>,
    /// What of the answer rests on validated mechanics, and what on assumptions.
    #[serde(default)]
    pub validated: String,
    #[serde(default)]
    pub assumptions: String,
    /// Published evidence, from REFERENCES.md (or "none found").
    #[serde(default)]
    pub literature: String,
    /// Set when the engine has no mechanism for the claim: why, and what it would take.
    #[serde(default)]
    pub missing: Option<String>,
    /// A note on reading the answer (what the model can and cannot say).
    #[serde(default)]
    pub note: String,
}

/// The headline metrics when a claim names none.
pub const DEFAULT_HEADLINE: &[&str] = &[
    "L5_S1_compression_peak_bw",
    "L5_S1_compression_mean_bw",
    "L5_S1_compression_per_m_ns_per_m",
    "L5_S1_ap_shear_peak_bw",
    "L4_L5_compression_peak_bw",
    "L4_L5_facet_peak_n",
    "L4_L5_facet_share_mean_pct",
    "hip_contact_peak_bw",
    "sacroiliac_peak_bw",
];

/// Reads a claims manifest; scene paths come back resolved against its folder, and every
/// scene file is checked to exist.
pub fn load_manifest(path: &Path) -> Result<Vec<ClaimSpec>> {
    let text = std::fs::read_to_string(path).map_err(io_at(path))?;
    let file: ManifestFile = toml::from_str(&text).map_err(|e| {
        let line = e.span().map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
        let at = line.map(|l| format!("line {l}: ")).unwrap_or_default();
        invalid(format!("{}: {at}{}", path.display(), e.message().trim()))
    })?;
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut claims = file.claim;
    let mut seen = Vec::new();
    for c in &mut claims {
        let here = format!("{}: claim `{}`", path.display(), c.id);
        if c.id.is_empty()
            || !c.id.chars().all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_')
        {
            return Err(invalid(format!("{here}: `id` must be non-empty and use only a-z, 0-9 and _")));
        }
        if seen.contains(&c.id) {
            return Err(invalid(format!("{here}: the id is used twice")));
        }
        seen.push(c.id.clone());
        if c.missing.is_some() {
            if c.base.is_some() || !c.variants.is_empty() {
                return Err(invalid(format!(
                    "{here}: a claim with `missing` runs nothing: remove `base` and `variants`"
                )));
            }
        } else if c.base.is_none() {
            return Err(invalid(format!(
                "{here}: give `base` and `variants`, or `missing` (why it cannot be answered)"
            )));
        } else if c.variants.is_empty() {
            return Err(invalid(format!(
                "{here}: `variants` is empty: give at least one scene to compare with the base"
            )));
        }
        let resolve = |p: &PathBuf| -> Result<PathBuf> {
            let full = tidy(&dir.join(p));
            if full.is_file() {
                Ok(full)
            } else {
                Err(invalid(format!(
                    "{here}: scene `{}` not found (looked for {})",
                    p.display(),
                    full.display()
                )))
            }
        };
        if let Some(b) = &c.base {
            c.base = Some(resolve(b)?);
        }
        c.variants = c.variants.iter().map(resolve).collect::<Result<_>>()?;
    }
    Ok(claims)
}

/// `a/b/../c` → `a/c`, lexically (for readable paths in the report).
fn tidy(p: &Path) -> PathBuf {
    use std::path::Component;
    let mut out: Vec<Component> = Vec::new();
    for c in p.components() {
        match (c, out.last()) {
            (Component::CurDir, _) => {}
            (Component::ParentDir, Some(Component::Normal(_))) => {
                out.pop();
            }
            _ => out.push(c),
        }
    }
    out.iter().collect()
}

/// One claim, answered (or not).
pub struct ClaimResult {
    pub spec: ClaimSpec,
    pub comparison: Option<Comparison>,
}

impl ClaimResult {
    /// Runs the claim's comparison (none when its mechanism is missing).
    pub fn run(spec: &ClaimSpec) -> Result<ClaimResult> {
        let comparison = match &spec.base {
            Some(base) if spec.missing.is_none() => {
                let mut paths = vec![base.clone()];
                paths.extend(spec.variants.iter().cloned());
                Some(Comparison::of_files(&paths).map_err(|e| invalid(format!("claim `{}`: {e}", spec.id)))?)
            }
            _ => None,
        };
        Ok(ClaimResult { spec: spec.clone(), comparison })
    }

    fn headline(&self) -> Vec<&str> {
        if self.spec.headline.is_empty() {
            DEFAULT_HEADLINE.to_vec()
        } else {
            self.spec.headline.iter().map(|s| s.as_str()).collect()
        }
    }

    /// One sentence per variant: direction and size of the main loads, with speed.
    pub fn answer(&self) -> Vec<String> {
        let Some(c) = &self.comparison else { return Vec::new() };
        let base = &c.runs[0];
        (1..c.runs.len())
            .map(|i| {
                let r = &c.runs[i];
                let speed = if (r.speed_mps - base.speed_mps).abs() < 0.005 {
                    format!("at the same speed ({:.2} m/s)", r.speed_mps)
                } else {
                    format!("at {:.2} m/s instead of {:.2}", r.speed_mps, base.speed_mps)
                };
                let word = |key: &str| describe(c.change_pct(key, i));
                let mut text = format!(
                    "`{}` vs `{}`, {speed}: L5–S1 compression peak {}, mean {}, per metre walked {}; \
                     L4–L5 facet force peak {}; sacroiliac load peak {}; hip contact peak {}.",
                    r.name,
                    base.name,
                    word("L5_S1_compression_peak_bw"),
                    word("L5_S1_compression_mean_bw"),
                    word("L5_S1_compression_per_m_ns_per_m"),
                    word("L4_L5_facet_peak_n"),
                    word("sacroiliac_peak_bw"),
                    word("hip_contact_peak_bw"),
                );
                // The claim's own headline metrics that the sentence above does not name.
                let extra: Vec<String> = self
                    .headline()
                    .into_iter()
                    .filter(|k| !STANDARD.contains(k))
                    .map(|k| {
                        let m = c.metric(k);
                        format!(
                            "{} {} → {} ({})",
                            m.label,
                            fmt_value(m.values[0]),
                            fmt_value(m.values[i]),
                            c.change_text(k, i)
                        )
                    })
                    .collect();
                if !extra.is_empty() {
                    text.push_str(&format!(" Also: {}.", extra.join("; ")));
                }
                text
            })
            .collect()
    }
}

/// The metrics every answer sentence names.
const STANDARD: &[&str] = &[
    "L5_S1_compression_peak_bw",
    "L5_S1_compression_mean_bw",
    "L5_S1_compression_per_m_ns_per_m",
    "L4_L5_facet_peak_n",
    "sacroiliac_peak_bw",
    "hip_contact_peak_bw",
];

/// "up 12.3 %", "down 4.0 %", "unchanged (+0.2 %)".
fn describe(change: Option<f64>) -> String {
    match change {
        None => "— (no value)".into(),
        Some(x) if x.abs() < 1.0 => format!("about unchanged ({x:+.1} %)"),
        Some(x) if x > 0.0 => format!("**up {x:.1} %**"),
        Some(x) => format!("**down {:.1} %**", -x),
    }
}

/// Runs every claim of the manifest and writes `out/claims.md` with one PNG per answered claim.
pub fn report(manifest: &Path, out: &Path) -> Result<(Vec<ClaimResult>, PathBuf)> {
    let specs = load_manifest(manifest)?;
    std::fs::create_dir_all(out).map_err(io_at(out))?;
    let results: Vec<ClaimResult> = specs.iter().map(ClaimResult::run).collect::<Result<_>>()?;
    let mut md = String::new();
    md.push_str("# What changes the load on a walking back: the claims, answered by Lumbus\n\n");
    let _ = writeln!(
        md,
        "Generated by `lumbus claims` from `{}`. Each claim is a comparison of scenes: the first is the \
         base, the others the variants; changes are from the base. \"Per metre walked\" is the \
         compression integrated over the gait cycle divided by the distance walked — the fair way to \
         compare gaits of different stride and cadence. Where the engine has no mechanism for a claim, \
         it says so and gives no number.\n",
        manifest.display()
    );
    md.push_str("**Read every number as the model's, not a measurement.** The engine is a rigid-body inverse-dynamics \
                 model with static optimisation; its trunk-muscle geometry is assumed (see ARCHITECTURE.md). \
                 Directions are more trustworthy than sizes. Outputs the validation tests do not yet meet \
                 (README, Validation status): hip contact (too high) and L4–L5 AP shear (too high) — \
                 read their changes with care.\n\n");
    md.push_str("## Summary\n\n| claim | comparison | L5–S1 peak | L5–S1 per metre | L4–L5 facet peak | SI peak |\n|---|---|---|---|---|---|\n");
    for r in &results {
        match &r.comparison {
            None => {
                let _ = writeln!(md, "| {} | — | no mechanism in the model | | | |", r.spec.claim);
            }
            Some(c) => {
                for i in 1..c.runs.len() {
                    let ch = |k: &str| c.change_text(k, i);
                    let _ = writeln!(
                        md,
                        "| {} | `{}` → `{}` | {} | {} | {} | {} |",
                        r.spec.claim,
                        c.runs[0].name,
                        c.runs[i].name,
                        ch("L5_S1_compression_peak_bw"),
                        ch("L5_S1_compression_per_m_ns_per_m"),
                        ch("L4_L5_facet_peak_n"),
                        ch("sacroiliac_peak_bw"),
                    );
                }
            }
        }
    }
    md.push('\n');
    for r in &results {
        let s = &r.spec;
        let _ = writeln!(md, "## {}\n", s.claim);
        match &r.comparison {
            None => {
                let _ = writeln!(
                    md,
                    "**The model has no answer.** {}\n",
                    s.missing.as_deref().unwrap_or("No mechanism.")
                );
            }
            Some(c) => {
                let files: Vec<String> =
                    c.runs.iter().map(|x| format!("`{}` ({})", x.name, x.source)).collect();
                let _ = writeln!(md, "*Comparison:* {}.\n", files.join(" vs "));
                if !s.fair.is_empty() {
                    let _ = writeln!(md, "*Fair comparison:* {}\n", s.fair);
                }
                md.push_str("**What the model says.**\n\n");
                for a in r.answer() {
                    let _ = writeln!(md, "- {a}");
                }
                md.push('\n');
                if !s.note.is_empty() {
                    let _ = writeln!(md, "{}\n", s.note);
                }
                md.push_str(&c.markdown(&r.headline()));
                let png = format!("claim_{}.png", s.id);
                crate::compare_plot::curves(c, &out.join(&png), &s.claim)?;
                let _ = writeln!(md, "\n![{}]({png})\n", s.claim);
            }
        }
        if !s.validated.is_empty() {
            let _ = writeln!(md, "*Rests on validated mechanics:* {}\n", s.validated);
        }
        if !s.assumptions.is_empty() {
            let _ = writeln!(md, "*Rests on assumptions:* {}\n", s.assumptions);
        }
        let lit =
            if s.literature.is_empty() { "none found in REFERENCES.md." } else { s.literature.as_str() };
        let _ = writeln!(md, "*Literature:* {lit}\n");
    }
    let path = out.join("claims.md");
    std::fs::write(&path, md).map_err(io_at(&path))?;
    Ok((results, path))
}
