//! Sweep files: a base scene and axes over scene parameters named by their dotted path.
//!
//! ```toml
//! name = "stride-and-weakness"      # optional; defaults to the file's stem
//! base = "../walk.toml"             # a scene file, relative to this file…
//! # [base]                          # …or the scene inline, e.g. [base.subject] mass_kg = 80
//!
//! [[axis]]                          # a list of values
//! param = "gait.cadence_spm"
//! values = [90, 110, 130]
//!
//! [[axis]]                          # a range: `steps` values from `range[0]` to `range[1]`
//! param = "gait.stride_m"
//! range = [1.0, 1.8]
//! steps = 9
//!
//! [[axis]]                          # random: one Latin hypercube over every `random` axis
//! param = "strength.gluteus_medius"
//! random = [0.4, 1.0]
//!
//! [latin_hypercube]
//! samples = 50
//! seed = 1
//! ```
//!
//! Configurations are the Cartesian product of the grid axes and the Latin-hypercube samples (one
//! dimension, placed where the first random axis is), in file order with the last axis varying
//! fastest; a configuration's id is its index in that order, so it is stable for a given file.

use crate::error::{Result, invalid};
use crate::rng::SplitMix64;
use lumbus_core::Scene;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fmt;
use std::path::Path;
use std::str::FromStr;

/// Sweeps with more configurations than this need `--force`.
pub const DEFAULT_LIMIT: u64 = 100_000;

/// The built-in default sweep (`lumbus sweep` with no file): the shipped
/// `scenes/sweeps/default.toml`, compiled in so that the two can never differ.
pub const DEFAULT_SWEEP: &str = include_str!("../../../scenes/sweeps/default.toml");

/// An axis's values (or a hypercube's samples) are held in memory: this bounds them.
const MAX_AXIS_LEN: u64 = 10_000_000;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SweepFile {
    name: Option<String>,
    base: Option<toml::Value>,
    #[serde(default)]
    axis: Vec<AxisFile>,
    latin_hypercube: Option<LhsFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AxisFile {
    param: String,
    values: Option<Vec<toml::Value>>,
    range: Option<Vec<toml::Value>>,
    steps: Option<i64>,
    random: Option<Vec<toml::Value>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LhsFile {
    samples: i64,
    seed: u64,
}

/// Re-reads the whole file keeping only `[base]`, so that the TOML reader's errors (unknown or
/// mistyped fields) carry their line in the sweep file.
#[derive(Deserialize)]
struct InlineBase {
    base: Scene,
}

/// How an axis gives its values.
#[derive(Clone, Debug, PartialEq)]
pub enum AxisKind {
    Values,
    Range {
        from: f64,
        to: f64,
        steps: u64,
    },
    /// Sampled by the sweep's Latin hypercube between `low` and `high`.
    Random {
        low: f64,
        high: f64,
    },
}

#[derive(Clone, Debug)]
pub struct Axis {
    /// Dotted path of the scene parameter, e.g. `spine.disc_degeneration.L4_L5`.
    pub param: String,
    pub kind: AxisKind,
    /// The grid values, in order (empty for a random axis).
    pub values: Vec<Value>,
    /// Line of the axis's `[[axis]]` header in the sweep file.
    pub line: Option<usize>,
}

impl Axis {
    /// A short description for the start-of-run message.
    pub fn describe(&self) -> String {
        match &self.kind {
            AxisKind::Random { low, high } => format!("{} random in [{low}, {high}]", self.param),
            _ => {
                let first = &self.values[0];
                let last = &self.values[self.values.len() - 1];
                match self.values.len() {
                    1 => format!("{} = {first}", self.param),
                    n => format!("{} {first} … {last} ({n} values)", self.param),
                }
            }
        }
    }
}

/// A dimension of the configuration grid.
#[derive(Clone, Debug)]
enum Dim {
    Grid(usize),
    Lhs,
}

/// The Latin hypercube shared by every random axis: `samples` rows, one column per axis.
#[derive(Clone, Debug)]
struct Lhs {
    samples: u64,
    seed: u64,
    axes: Vec<usize>,
    design: Vec<f64>,
}

/// A parsed, checked sweep.
#[derive(Clone, Debug)]
pub struct Sweep {
    pub name: String,
    /// Where it came from, for messages: the file's path or "built-in default sweep".
    pub origin: String,
    pub base: Scene,
    base_json: Value,
    pub axes: Vec<Axis>,
    dims: Vec<Dim>,
    lhs: Option<Lhs>,
    /// Number of configurations (saturates at `u64::MAX`).
    count: u64,
}

/// A deterministic part of a sweep: the configurations whose id % `count` == `index`.
/// Round-robin rather than blocks, so neighbouring (similarly costly) ids spread over shards.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    pub index: u64,
    pub count: u64,
}

impl Shard {
    pub const ALL: Shard = Shard { index: 0, count: 1 };

    pub fn contains(&self, id: u64) -> bool {
        id % self.count == self.index
    }
    /// How many of `total` configurations fall in this shard.
    pub fn len(&self, total: u64) -> u64 {
        if self.index >= total { 0 } else { (total - self.index).div_ceil(self.count) }
    }
    pub fn is_empty(&self, total: u64) -> bool {
        self.len(total) == 0
    }
    /// Position of `id` within the shard.
    pub fn local(&self, id: u64) -> u64 {
        id / self.count
    }
    pub fn id_at(&self, local: u64) -> u64 {
        local * self.count + self.index
    }
}

impl FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        let bad = || format!("`{s}` is not a shard: expected I/N with 0 ≤ I < N, e.g. 0/3");
        let (i, n) = s.split_once('/').ok_or_else(bad)?;
        let index: u64 = i.trim().parse().map_err(|_| bad())?;
        let count: u64 = n.trim().parse().map_err(|_| bad())?;
        if count == 0 || index >= count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl Sweep {
    /// Reads a sweep file; a `base` path is relative to the file's folder.
    pub fn load(path: &Path) -> Result<Sweep> {
        let origin = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| invalid(format!("{origin}: cannot read the sweep file: {e}")))?;
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
        Sweep::parse(&text, &origin, path.parent(), stem.as_deref())
    }

    /// The built-in default sweep (see [`DEFAULT_SWEEP`]).
    pub fn builtin_default() -> Sweep {
        Sweep::parse(DEFAULT_SWEEP, "built-in default sweep", None, Some("default"))
            .expect("the built-in default sweep is valid (tested)")
    }

    /// Parses and checks sweep text. `origin` names it in messages; `base_dir` resolves a
    /// `base` path; `default_name` is used when the file has no `name`.
    pub fn parse(
        text: &str,
        origin: &str,
        base_dir: Option<&Path>,
        default_name: Option<&str>,
    ) -> Result<Sweep> {
        let file: SweepFile = toml::from_str(text)
            .map_err(|e| invalid(format!("{origin}: {}", describe_toml_error(text, &e))))?;
        let base = match &file.base {
            None => Scene::default(),
            Some(toml::Value::String(p)) => {
                let path = base_dir.map(|d| d.join(p)).unwrap_or_else(|| p.into());
                lumbus_io::load_scene(&path).map_err(|e| invalid(format!("{origin}: base scene: {e}")))?
            }
            Some(toml::Value::Table(_)) => {
                let b: InlineBase = toml::from_str(text)
                    .map_err(|e| invalid(format!("{origin}: [base]: {}", describe_toml_error(text, &e))))?;
                b.base.validate().map_err(|errs| {
                    let list: Vec<String> = errs
                        .iter()
                        .map(|e| match line_of_base(text, &e.field) {
                            Some(l) => format!("line {l}: {e}"),
                            None => e.to_string(),
                        })
                        .collect();
                    invalid(format!("{origin}: [base]: {}", list.join("; ")))
                })?;
                b.base
            }
            Some(_) => {
                return Err(invalid(format!(
                    "{origin}: `base` must be a scene file path (a string) or a [base] table with the scene"
                )));
            }
        };
        let base_json = serde_json::to_value(&base).expect("a scene serialises");

        if file.axis.is_empty() {
            return Err(invalid(format!(
                "{origin}: no axes: add at least one [[axis]] with `param` and `values`, `range` + `steps` \
                 or `random`"
            )));
        }
        let mut axes: Vec<Axis> = Vec::with_capacity(file.axis.len());
        for (k, a) in file.axis.iter().enumerate() {
            let line = axis_line(text, k);
            let ctx = format!(
                "{origin}: axis {} `{}`{}",
                k + 1,
                a.param,
                line.map(|l| format!(" (line {l})")).unwrap_or_default()
            );
            check_param_path(&base_json, &a.param).map_err(|e| invalid(format!("{ctx}: {e}")))?;
            for other in &axes {
                let (p, q) = (&other.param, &a.param);
                if p == q {
                    return Err(invalid(format!("{ctx}: `{q}` is already swept by an earlier axis")));
                }
                if q.starts_with(&format!("{p}.")) || p.starts_with(&format!("{q}.")) {
                    return Err(invalid(format!(
                        "{ctx}: overlaps the earlier axis `{p}`: sweep one or the other"
                    )));
                }
            }
            let axis = build_axis(a, line).map_err(|e| invalid(format!("{ctx}: {e}")))?;
            // Each value alone on the base scene: unknown fields, wrong types and out-of-range
            // values are caught here, with the axis named. (A random axis: both ends, since
            // every allowed range is an interval.)
            let probes: Vec<Value> = match axis.kind {
                AxisKind::Random { low, high } => vec![Value::from(low), Value::from(high)],
                _ => axis.values.clone(),
            };
            for v in &probes {
                apply(&base_json, &[(&axis.param, v)])
                    .map_err(|e| invalid(format!("{ctx}: value {v} is not allowed: {e}")))?;
            }
            axes.push(axis);
        }

        let random: Vec<usize> = axes
            .iter()
            .enumerate()
            .filter(|(_, a)| matches!(a.kind, AxisKind::Random { .. }))
            .map(|(i, _)| i)
            .collect();
        let lhs = match (&file.latin_hypercube, random.is_empty()) {
            (None, true) => None,
            (Some(_), true) => {
                return Err(invalid(format!(
                    "{origin}: [latin_hypercube] is given but no axis is `random = [low, high]`"
                )));
            }
            (None, false) => {
                return Err(invalid(format!(
                    "{origin}: axis `{}` is random: add a [latin_hypercube] table with `samples` (how many) \
                     and `seed` (any integer ≥ 0, for reproducible samples)",
                    axes[random[0]].param
                )));
            }
            (Some(l), false) => {
                if l.samples < 1 || l.samples as u64 > MAX_AXIS_LEN {
                    return Err(invalid(format!(
                        "{origin}: [latin_hypercube] samples = {}: allowed 1 to {MAX_AXIS_LEN}",
                        l.samples
                    )));
                }
                Some(latin_hypercube(&axes, random, l.samples as u64, l.seed))
            }
        };

        let mut dims = Vec::new();
        for (i, a) in axes.iter().enumerate() {
            match a.kind {
                AxisKind::Random { .. } => {
                    if !dims.iter().any(|d| matches!(d, Dim::Lhs)) {
                        dims.push(Dim::Lhs);
                    }
                }
                _ => dims.push(Dim::Grid(i)),
            }
        }
        let mut sweep = Sweep {
            name: file.name.clone().or(default_name.map(String::from)).unwrap_or_else(|| "sweep".into()),
            origin: origin.to_string(),
            base,
            base_json,
            axes,
            dims,
            lhs,
            count: 0,
        };
        sweep.count = sweep.dims.iter().fold(1u64, |n, d| n.saturating_mul(sweep.dim_len(d)));
        Ok(sweep)
    }

    fn dim_len(&self, d: &Dim) -> u64 {
        match d {
            Dim::Grid(a) => self.axes[*a].values.len() as u64,
            Dim::Lhs => self.lhs.as_ref().map(|l| l.samples).unwrap_or(0),
        }
    }

    /// Number of configurations.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// Refuses sweeps larger than `limit` unless forced (and any whose count overflows).
    pub fn check_limit(&self, limit: u64, force: bool) -> Result<()> {
        if self.count == u64::MAX {
            return Err(invalid(format!("{}: the sweep has too many configurations to count", self.origin)));
        }
        if self.count > limit && !force {
            return Err(invalid(format!(
                "{}: {} configurations is more than the limit of {limit}: pass --force to run it anyway, \
                 or split it with --shard",
                self.origin, self.count
            )));
        }
        Ok(())
    }

    /// Parameter names (dotted paths), in axis order: the table's parameter columns.
    pub fn params(&self) -> Vec<&str> {
        self.axes.iter().map(|a| a.param.as_str()).collect()
    }

    /// The parameter values of configuration `id`, in axis order.
    pub fn config(&self, id: u64) -> Vec<Value> {
        assert!(id < self.count, "configuration {id} out of range (0..{})", self.count);
        let mut out = vec![Value::Null; self.axes.len()];
        let mut rest = id;
        for d in self.dims.iter().rev() {
            let n = self.dim_len(d);
            let digit = rest % n;
            rest /= n;
            match d {
                Dim::Grid(a) => out[*a] = self.axes[*a].values[digit as usize].clone(),
                Dim::Lhs => {
                    let l = self.lhs.as_ref().expect("an Lhs dimension has a design");
                    let k = l.axes.len();
                    for (j, &a) in l.axes.iter().enumerate() {
                        out[a] = Value::from(l.design[digit as usize * k + j]);
                    }
                }
            }
        }
        out
    }

    /// The scene of configuration `id`, from its parameter values.
    pub fn scene_of(&self, values: &[Value]) -> std::result::Result<Scene, String> {
        let pairs: Vec<(&str, &Value)> = self.axes.iter().map(|a| a.param.as_str()).zip(values).collect();
        apply(&self.base_json, &pairs)
    }

    pub fn scene(&self, id: u64) -> std::result::Result<Scene, String> {
        self.scene_of(&self.config(id))
    }

    /// Checks every configuration (in parallel); the error names the lowest failing id.
    /// Each axis value was already checked alone, so this catches only combinations.
    pub fn validate_all(&self) -> Result<()> {
        use rayon::prelude::*;
        let bad = (0..self.count).into_par_iter().find_first(|id| self.scene(*id).is_err());
        match bad {
            None => Ok(()),
            Some(id) => {
                let values = self.config(id);
                let e = self.scene_of(&values).unwrap_err();
                let named: Vec<String> =
                    self.params().iter().zip(&values).map(|(p, v)| format!("{p} = {v}")).collect();
                Err(invalid(format!("{}: configuration {id} ({}): {e}", self.origin, named.join(", "))))
            }
        }
    }

    /// What determines the configurations, as JSON: base scene, axes, hypercube. Hashed into
    /// the fingerprint that a resume and a merge check.
    pub fn describe(&self) -> Value {
        let axes: Vec<Value> = self
            .axes
            .iter()
            .map(|a| match a.kind {
                AxisKind::Random { low, high } => {
                    serde_json::json!({"param": a.param, "random": [low, high]})
                }
                _ => serde_json::json!({"param": a.param, "values": a.values}),
            })
            .collect();
        let lhs = self.lhs.as_ref().map(
            |l| serde_json::json!({"samples": l.samples, "seed": l.seed, "method": "splitmix64-lhs-v1"}),
        );
        serde_json::json!({"base": self.base_json, "axes": axes, "latin_hypercube": lhs})
    }
}

/// Builds an axis's values from its file form.
fn build_axis(a: &AxisFile, line: Option<usize>) -> std::result::Result<Axis, String> {
    let given = [a.values.is_some(), a.range.is_some(), a.random.is_some()].iter().filter(|b| **b).count();
    if given != 1 {
        return Err(format!(
            "give exactly one of `values = [...]`, `range = [from, to]` with `steps = N`, or `random = [low, high]` \
             ({given} given)"
        ));
    }
    if a.steps.is_some() && a.range.is_none() {
        return Err("`steps` goes with `range = [from, to]`".into());
    }
    let axis = |kind, values| Axis { param: a.param.clone(), kind, values, line };
    if let Some(vs) = &a.values {
        if vs.is_empty() {
            return Err("`values` is empty: give at least one value".into());
        }
        let mut out: Vec<Value> = Vec::with_capacity(vs.len());
        for v in vs {
            let j = toml_to_json(v)?;
            if out.contains(&j) {
                return Err(format!("value {j} is listed twice"));
            }
            out.push(j);
        }
        return Ok(axis(AxisKind::Values, out));
    }
    if let Some(r) = &a.range {
        let (from, to, ints) = two_numbers(r, "range")?;
        let steps = a.steps.ok_or("`range` needs `steps = N`, the number of values from `from` to `to`")?;
        if steps < 2 || steps as u64 > MAX_AXIS_LEN {
            return Err(format!(
                "steps = {steps}: allowed 2 to {MAX_AXIS_LEN} (both ends are included; for one value use \
                 `values = [x]`)"
            ));
        }
        if from == to {
            return Err(format!("range [{from}, {to}] has equal ends: use `values = [{from}]`"));
        }
        let n = steps as u64;
        let values = (0..n)
            .map(|i| {
                let x = if i == n - 1 { to } else { tidy(from + (to - from) * i as f64 / (n - 1) as f64) };
                // Integer ends and integer values stay integers, so integer parameters
                // (`gait.frames_per_cycle`) can be swept by range.
                if ints && x.fract() == 0.0 && x.abs() < 9.0e15 {
                    Value::from(x as i64)
                } else {
                    Value::from(x)
                }
            })
            .collect();
        return Ok(axis(AxisKind::Range { from, to, steps: n }, values));
    }
    let r = a.random.as_ref().expect("one kind is given");
    let (low, high, _) = two_numbers(r, "random")?;
    if low >= high {
        return Err(format!("random = [{low}, {high}]: the low end must be below the high end"));
    }
    Ok(axis(AxisKind::Random { low, high }, Vec::new()))
}

/// Rounds to 13 significant digits: a range 1.0 → 1.8 in 9 steps gives 1.1, not 1.1000000000000001.
fn tidy(x: f64) -> f64 {
    format!("{x:.12e}").parse().unwrap_or(x)
}

fn two_numbers(v: &[toml::Value], what: &str) -> std::result::Result<(f64, f64, bool), String> {
    let num = |x: &toml::Value| match x {
        toml::Value::Integer(i) => Some((*i as f64, true)),
        toml::Value::Float(f) if f.is_finite() => Some((*f, false)),
        _ => None,
    };
    match v {
        [a, b] => match (num(a), num(b)) {
            (Some((a, ia)), Some((b, ib))) => Ok((a, b, ia && ib)),
            _ => Err(format!("`{what}` must be two finite numbers, [from, to]")),
        },
        _ => Err(format!("`{what}` must be two numbers, [from, to]; got {} values", v.len())),
    }
}

fn toml_to_json(v: &toml::Value) -> std::result::Result<Value, String> {
    if let toml::Value::Float(f) = v
        && !f.is_finite()
    {
        return Err(format!("value {f} is not a finite number"));
    }
    serde_json::to_value(v).map_err(|e| e.to_string())
}

/// Latin hypercube (McKay, Beckman & Conover 1979): each axis's range cut into `n` equal strata,
/// one sample per stratum at a uniform position inside it, strata paired at random across axes.
fn latin_hypercube(axes: &[Axis], random: Vec<usize>, n: u64, seed: u64) -> Lhs {
    let k = random.len();
    let mut design = vec![0.0; n as usize * k];
    let mut rng = SplitMix64::new(seed);
    let mut perm: Vec<u64> = (0..n).collect();
    for (j, &a) in random.iter().enumerate() {
        let AxisKind::Random { low, high } = axes[a].kind else { unreachable!("random axes only") };
        for (i, p) in perm.iter_mut().enumerate() {
            *p = i as u64;
        }
        rng.shuffle(&mut perm);
        for i in 0..n as usize {
            let u = rng.unit();
            design[i * k + j] = low + (high - low) * (perm[i] as f64 + u) / n as f64;
        }
    }
    Lhs { samples: n, seed, axes: random, design }
}

/// Whether a dotted path names a parameter of the scene; the error lists what is allowed there.
fn check_param_path(base: &Value, path: &str) -> std::result::Result<(), String> {
    set_path(&mut base.clone(), path, Value::Null)
}

/// Sets `path` (dotted) in the scene's JSON form. Only existing fields can be set: a serialised
/// scene names every field, so a missing key is an unknown parameter.
fn set_path(root: &mut Value, path: &str, value: Value) -> std::result::Result<(), String> {
    let parts: Vec<&str> = path.split('.').collect();
    if parts.iter().any(|p| p.is_empty()) {
        return Err(format!("`{path}` is not a parameter path: expected dotted names like `gait.stride_m`"));
    }
    let mut cur = root;
    for (i, part) in parts.iter().enumerate() {
        let here = parts[..i].join(".");
        let obj = match cur {
            Value::Object(m) => m,
            Value::Null => {
                return Err(format!(
                    "`{here}` is not set in the base scene (it is optional): set all of it in the base scene \
                     before sweeping `{path}`"
                ));
            }
            _ => return Err(format!("`{here}` is a single value: it has no `{part}`")),
        };
        if !obj.contains_key(*part) {
            let allowed: Vec<&str> = obj.keys().map(|k| k.as_str()).collect();
            let place = if here.is_empty() { "a scene".to_string() } else { format!("`{here}`") };
            return Err(format!(
                "unknown parameter `{path}`: {place} has no `{part}`; allowed there: {}",
                allowed.join(", ")
            ));
        }
        if i == parts.len() - 1 {
            obj.insert(part.to_string(), value);
            return Ok(());
        }
        cur = obj.get_mut(*part).expect("checked above");
    }
    unreachable!("a path has at least one part")
}

/// The base scene with the given parameters set, read back with the scene's own rules (unknown
/// fields refused, types checked) and validated.
pub(crate) fn apply(base: &Value, params: &[(&str, &Value)]) -> std::result::Result<Scene, String> {
    let mut v = base.clone();
    for (p, x) in params {
        set_path(&mut v, p, (*x).clone())?;
    }
    let scene: Scene = serde_json::from_value(v).map_err(|e| e.to_string())?;
    scene.validate().map_err(|errs| errs.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; "))?;
    Ok(scene)
}

/// The TOML reader's message, led by the line and column it points at.
fn describe_toml_error(text: &str, e: &toml::de::Error) -> String {
    let msg = e.message().trim().to_string();
    match e.span() {
        Some(span) => {
            let start = span.start.min(text.len());
            let line = text[..start].matches('\n').count() + 1;
            let col = start - text[..start].rfind('\n').map(|i| i + 1).unwrap_or(0) + 1;
            format!("line {line}, column {col}: {msg}")
        }
        None => msg,
    }
}

/// Strips a `# comment` (outside quotes) and surrounding space.
fn code_part(line: &str) -> &str {
    let mut in_str = None;
    for (i, c) in line.char_indices() {
        match (c, in_str) {
            ('"' | '\'', None) => in_str = Some(c),
            (c, Some(q)) if c == q => in_str = None,
            ('#', None) => return line[..i].trim(),
            _ => {}
        }
    }
    line.trim()
}

/// Line of the `k`-th `[[axis]]` header.
fn axis_line(text: &str, k: usize) -> Option<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| code_part(l).replace(' ', "") == "[[axis]]")
        .nth(k)
        .map(|(i, _)| i + 1)
}

/// Line that sets `base.<field>` (`field` dotted, as in a range error), if it can be found: the
/// key under `[base]`, `[base.gait]`, or written dotted.
fn line_of_base(text: &str, field: &str) -> Option<usize> {
    let want = format!("base.{field}");
    let norm = |s: &str| s.split('.').map(|p| p.trim().trim_matches('"')).collect::<Vec<_>>().join(".");
    let mut table = String::new();
    for (i, raw) in text.lines().enumerate() {
        let line = code_part(raw);
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            table = norm(name.trim_matches(|c| c == '[' || c == ']'));
            continue;
        }
        let Some((lhs, _)) = line.split_once('=') else { continue };
        let key = norm(lhs);
        let full = if table.is_empty() { key } else { format!("{table}.{key}") };
        if full == want {
            return Some(i + 1);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Sweep> {
        Sweep::parse(text, "s.toml", None, Some("s"))
    }
    fn err(text: &str) -> String {
        parse(text).unwrap_err().to_string()
    }

    #[test]
    fn grid_order_is_nested_loops_last_axis_fastest() {
        let s = parse(
            "[[axis]]\nparam = \"gait.stride_m\"\nvalues = [1.0, 1.2]\n\
             [[axis]]\nparam = \"gait.cadence_spm\"\nrange = [90, 110]\nsteps = 3\n",
        )
        .unwrap();
        assert_eq!(s.count(), 6);
        let rows: Vec<String> = (0..6).map(|i| format!("{:?}", s.config(i))).collect();
        assert_eq!(
            rows,
            [
                "[Number(1.0), Number(90)]",
                "[Number(1.0), Number(100)]",
                "[Number(1.0), Number(110)]",
                "[Number(1.2), Number(90)]",
                "[Number(1.2), Number(100)]",
                "[Number(1.2), Number(110)]",
            ]
        );
        let sc = s.scene(4).unwrap();
        assert_eq!((sc.gait.stride_m, sc.gait.cadence_spm), (1.2, 100.0));
    }

    #[test]
    fn ranges_are_tidy_and_may_descend() {
        let s =
            parse("[[axis]]\nparam = \"strength.gluteus_medius\"\nrange = [1.0, 0.4]\nsteps = 7\n").unwrap();
        let v: Vec<f64> = (0..7).map(|i| s.config(i)[0].as_f64().unwrap()).collect();
        assert_eq!(v, [1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4]);
        let s = parse("[[axis]]\nparam = \"gait.stride_m\"\nrange = [1.0, 1.8]\nsteps = 9\n").unwrap();
        assert_eq!(s.config(1)[0].as_f64(), Some(1.1));
    }

    #[test]
    fn latin_hypercube_has_one_sample_per_stratum_and_is_reproducible() {
        let text = "[[axis]]\nparam = \"strength.gluteus_medius\"\nrandom = [0.4, 1.0]\n\
                    [[axis]]\nparam = \"gait.cadence_spm\"\nvalues = [90, 120]\n\
                    [[axis]]\nparam = \"load.backpack_kg\"\nrandom = [0, 20]\n\
                    [latin_hypercube]\nsamples = 10\nseed = 3\n";
        let s = parse(text).unwrap();
        assert_eq!(s.count(), 20);
        // The hypercube is the first (slowest) dimension: ids 2i and 2i+1 share sample i.
        for (axis, lo, hi) in [(0, 0.4, 1.0), (2, 0.0, 20.0)] {
            let mut strata: Vec<usize> = (0..10)
                .map(|i| {
                    let c = s.config(2 * i);
                    assert_eq!(c[axis], s.config(2 * i + 1)[axis]);
                    let x = c[axis].as_f64().unwrap();
                    assert!(x >= lo && x < hi);
                    ((x - lo) / (hi - lo) * 10.0) as usize
                })
                .collect();
            strata.sort();
            assert_eq!(strata, (0..10).collect::<Vec<_>>(), "axis {axis}");
        }
        let again = parse(text).unwrap();
        assert!((0..20).all(|i| s.config(i) == again.config(i)));
        let other = parse(&text.replace("seed = 3", "seed = 4")).unwrap();
        assert!((0..20).any(|i| s.config(i) != other.config(i)));
        assert_ne!(s.describe(), other.describe());
    }

    #[test]
    fn any_parameter_by_dotted_path() {
        let s = parse(
            "[[axis]]\nparam = \"spine.disc_degeneration.L4_L5\"\nvalues = [0.0, 0.5]\n\
             [[axis]]\nparam = \"gait.activity\"\nvalues = [\"walk\", \"stand\"]\n\
             [[axis]]\nparam = \"gait.frames_per_cycle\"\nrange = [20, 40]\nsteps = 3\n",
        )
        .unwrap();
        let sc = s.scene(s.count() - 1).unwrap();
        assert_eq!(sc.spine.disc_degeneration.l4_l5, 0.5);
        assert_eq!(sc.gait.activity, lumbus_core::Activity::Stand);
        assert_eq!(sc.gait.frames_per_cycle, 40);
    }

    #[test]
    fn unknown_parameter_names_file_axis_line_and_allowed_fields() {
        let e = err("name = \"x\"\n\n[[axis]]\nparam = \"gait.stride\"\nvalues = [1.0]\n");
        for want in ["s.toml", "axis 1", "gait.stride", "line 3", "stride_m", "cadence_spm"] {
            assert!(e.contains(want), "`{want}` missing from: {e}");
        }
        let e = err("[[axis]]\nparam = \"gaits.stride_m\"\nvalues = [1.0]\n");
        assert!(e.contains("a scene has no `gaits`") && e.contains("strength"), "{e}");
    }

    #[test]
    fn out_of_range_and_wrong_type_values_are_refused_before_running() {
        let e = err("[[axis]]\nparam = \"gait.cadence_spm\"\nvalues = [100, 200]\n");
        assert!(e.contains("value 200") && e.contains("60 to 150") && e.contains("gait.cadence_spm"), "{e}");
        let e = err(
            "[[axis]]\nparam = \"strength.psoas\"\nrandom = [0.0, 1.0]\n[latin_hypercube]\nsamples = 4\nseed = 1\n",
        );
        assert!(e.contains("0.05 to 1"), "{e}");
        let e = err("[[axis]]\nparam = \"gait.frames_per_cycle\"\nrange = [20, 21]\nsteps = 3\n");
        assert!(e.contains("20.5") && e.contains("u32"), "{e}");
        let e = err("[[axis]]\nparam = \"gait.activity\"\nvalues = [\"run\"]\n");
        assert!(e.contains("run") && e.contains("walk"), "{e}");
        let e = err("[[axis]]\nparam = \"spine.facet_orientation_deg.L4_L5\"\nvalues = [40]\n");
        assert!(e.contains("not set in the base scene"), "{e}");
    }

    #[test]
    fn malformed_axes_are_refused() {
        let cases = [
            ("[[axis]]\nparam = \"gait.stride_m\"\nvalues = []\n", "empty"),
            ("[[axis]]\nparam = \"gait.stride_m\"\nrange = [1.0, 1.5]\nsteps = 0\n", "steps = 0"),
            ("[[axis]]\nparam = \"gait.stride_m\"\nrange = [1.0, 1.5]\nsteps = 1\n", "allowed 2"),
            ("[[axis]]\nparam = \"gait.stride_m\"\nrange = [1.0, 1.5]\n", "needs `steps"),
            ("[[axis]]\nparam = \"gait.stride_m\"\nrange = [1.0]\nsteps = 3\n", "two numbers"),
            ("[[axis]]\nparam = \"gait.stride_m\"\nrange = [1.2, 1.2]\nsteps = 3\n", "equal ends"),
            ("[[axis]]\nparam = \"gait.stride_m\"\n", "exactly one"),
            ("[[axis]]\nparam = \"gait.stride_m\"\nvalues = [1.0]\nrandom = [1, 2]\n", "exactly one"),
            ("[[axis]]\nparam = \"gait.stride_m\"\nvalues = [1.0, 1.0]\n", "twice"),
            ("[[axis]]\nparam = \"gait.stride_m\"\nvalues = [1.0]\nstep = 3\n", "unknown field `step`"),
            ("[[axis]]\nparam = \"gait.stride_m\"\nrandom = [1.0, 1.5]\n", "[latin_hypercube]"),
            (
                "[[axis]]\nparam = \"gait.stride_m\"\nvalues = [1.0]\n[latin_hypercube]\nsamples = 3\nseed = 1\n",
                "no axis",
            ),
            (
                "[[axis]]\nparam = \"gait.stride_m\"\nrandom = [1.0, 1.5]\n[latin_hypercube]\nsamples = 0\nseed = 1\n",
                "samples = 0",
            ),
            (
                "[[axis]]\nparam = \"gait.stride_m\"\nvalues = [1.0]\n[[axis]]\nparam = \"gait.stride_m\"\nvalues = [1.1]\n",
                "already",
            ),
            (
                "[[axis]]\nparam = \"spine.disc_degeneration\"\nvalues = [{L4_L5 = 0.5}]\n\
                 [[axis]]\nparam = \"spine.disc_degeneration.L5_S1\"\nvalues = [0.1]\n",
                "overlaps",
            ),
            ("name = \"x\"\n", "no axes"),
            ("[[axis]]\nparam = \"gait..stride_m\"\nvalues = [1.0]\n", "dotted names"),
        ];
        for (text, want) in cases {
            let e = err(text);
            assert!(e.contains(want) && e.contains("s.toml"), "`{want}` missing from: {e}\n--- for:\n{text}");
        }
    }

    #[test]
    fn inline_base_errors_carry_their_line() {
        let e = err(
            "[base.gait]\nstride_m = 1.2\ncadance_spm = 100\n\n[[axis]]\nparam = \"gait.stride_m\"\nvalues = [1.0]\n",
        );
        assert!(e.contains("line 3") && e.contains("cadance_spm"), "{e}");
        let e = err(
            "[base.gait]\nstride_m = 1.2\ncadence_spm = 10\n\n[[axis]]\nparam = \"gait.stride_m\"\nvalues = [1.0]\n",
        );
        assert!(e.contains("line 3") && e.contains("60 to 150"), "{e}");
        let e = err("base = 3\n[[axis]]\nparam = \"gait.stride_m\"\nvalues = [1.0]\n");
        assert!(e.contains("scene file path"), "{e}");
    }

    #[test]
    fn base_from_a_file_relative_to_the_sweep() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("b.toml"),
            "[subject]\nmass_kg = 90\nheight_m = 1.8\nsex = \"male\"\n",
        )
        .unwrap();
        let p = dir.path().join("s.toml");
        std::fs::write(&p, "base = \"b.toml\"\n[[axis]]\nparam = \"gait.stride_m\"\nvalues = [1.0]\n")
            .unwrap();
        let s = Sweep::load(&p).unwrap();
        assert_eq!(s.scene(0).unwrap().subject.mass_kg, 90.0);
        assert_eq!(s.name, "s");
        std::fs::write(dir.path().join("b.toml"), "[subject]\nmass_kg = 9\nheight_m = 1.8\nsex = \"male\"\n")
            .unwrap();
        let e = Sweep::load(&p).unwrap_err().to_string();
        assert!(e.contains("base scene") && e.contains("b.toml") && e.contains("30 to 200"), "{e}");
    }

    #[test]
    fn limit_needs_force() {
        let s = parse("[[axis]]\nparam = \"gait.stride_m\"\nrange = [1.0, 1.5]\nsteps = 50\n").unwrap();
        let e = s.check_limit(10, false).unwrap_err().to_string();
        assert!(e.contains("50 configurations") && e.contains("--force"), "{e}");
        s.check_limit(10, true).unwrap();
        s.check_limit(50, false).unwrap();
    }

    #[test]
    fn shards_partition_the_ids() {
        let total = 10;
        let shards: Vec<Shard> = (0..3).map(|i| format!("{i}/3").parse().unwrap()).collect();
        let mut seen: Vec<u64> = Vec::new();
        for s in &shards {
            let ids: Vec<u64> = (0..s.len(total)).map(|k| s.id_at(k)).collect();
            assert!(ids.iter().all(|&id| s.contains(id) && id < total && s.id_at(s.local(id)) == id));
            seen.extend(ids);
        }
        seen.sort();
        assert_eq!(seen, (0..total).collect::<Vec<_>>());
        for bad in ["3/3", "1/0", "x", "1-3", "-1/3"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }

    #[test]
    fn builtin_default_is_a_few_hundred_valid_configurations() {
        let s = Sweep::builtin_default();
        assert!((200..=1000).contains(&s.count()), "{}", s.count());
        assert_eq!(s.params(), ["gait.stride_m", "gait.cadence_spm", "strength.gluteus_medius"]);
        s.validate_all().unwrap();
    }
}
