//! Scene files (TOML): read into `lumbus_core::Scene`, refusing anything doubtful.

use lumbus_core::Scene;
use std::path::Path;

/// A scene that cannot be used, with where and why.
#[derive(Debug, thiserror::Error)]
pub enum SceneError {
    #[error("{path}: cannot read the file: {source}")]
    Io { path: String, source: std::io::Error },
    /// Malformed TOML, an unknown or mistyped field: the TOML reader's message with its line.
    #[error("{path}: {message}")]
    Parse { path: String, message: String },
    /// Values out of range, each with its field, line (when found) and the allowed range.
    #[error("{path}: {}", .problems.join("; "))]
    Invalid { path: String, problems: Vec<String> },
}

/// Reads and validates a scene file. The scene's name defaults to the file's stem.
pub fn load_scene(path: &Path) -> Result<Scene, SceneError> {
    let p = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| SceneError::Io { path: p.clone(), source })?;
    let mut scene = parse_scene(&text, &p)?;
    // A scene without a `name` is named after its file (a written `name = "default"` stays).
    let named = text.parse::<toml::Table>().is_ok_and(|t| t.contains_key("name"));
    if !named && let Some(stem) = path.file_stem() {
        scene.name = stem.to_string_lossy().into_owned();
    }
    Ok(scene)
}

/// Where `scene` differs from the built-in default, as `path = value` with the dotted paths
/// of scene files and sweeps, sorted by path; leaving out what a run's header already says
/// (name, subject, activity, stride, cadence).
pub fn changed_settings(scene: &Scene) -> Vec<String> {
    const SHOWN: [&str; 7] = [
        "name",
        "subject.mass_kg",
        "subject.height_m",
        "subject.sex",
        "gait.activity",
        "gait.stride_m",
        "gait.cadence_spm",
    ];
    fn leaves(v: &serde_json::Value, path: String, out: &mut Vec<(String, serde_json::Value)>) {
        match v {
            serde_json::Value::Object(m) => {
                for (k, x) in m {
                    let p = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                    leaves(x, p, out);
                }
            }
            _ => out.push((path, v.clone())),
        }
    }
    let flat = |s: &Scene| {
        let mut out = Vec::new();
        leaves(&serde_json::to_value(s).expect("a scene serialises"), String::new(), &mut out);
        out
    };
    let default = flat(&Scene::default());
    flat(scene)
        .into_iter()
        .filter(|(p, v)| {
            !SHOWN.contains(&p.as_str()) && default.iter().find(|(q, _)| q == p).map(|(_, d)| d) != Some(v)
        })
        .map(|(p, v)| format!("{p} = {v}"))
        .collect()
}

/// Parses and validates scene text; `origin` names it in messages.
pub fn parse_scene(text: &str, origin: &str) -> Result<Scene, SceneError> {
    let scene: Scene = toml::from_str(text).map_err(|e| SceneError::Parse {
        path: origin.to_string(),
        message: describe_toml_error(text, &e),
    })?;
    scene.validate().map_err(|errors| SceneError::Invalid {
        path: origin.to_string(),
        problems: errors
            .iter()
            .map(|e| match line_of(text, &e.field) {
                Some(line) => format!("line {line}: {e}"),
                None => e.to_string(),
            })
            .collect(),
    })?;
    Ok(scene)
}

/// The TOML reader's message, led by the line and column it points at.
fn describe_toml_error(text: &str, e: &toml::de::Error) -> String {
    let msg = e.message().trim().to_string();
    match e.span() {
        Some(span) => {
            let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
            let col =
                span.start - text[..span.start.min(text.len())].rfind('\n').map(|i| i + 1).unwrap_or(0) + 1;
            format!("line {line}, column {col}: {msg}")
        }
        None => msg,
    }
}

/// The line that sets a dotted field (`gait.cadence_spm`) in the text, if it can be found:
/// the key inside its `[table]`, or written dotted.
fn line_of(text: &str, field: &str) -> Option<usize> {
    let (table, key) = field.rsplit_once('.').unwrap_or(("", field));
    let mut current = String::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.split('#').next().unwrap_or("").trim();
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            current = name.trim().to_string();
            continue;
        }
        let Some((lhs, _)) = line.split_once('=') else { continue };
        let lhs = lhs.trim().trim_matches('"');
        let full = if current.is_empty() { lhs.to_string() } else { format!("{current}.{lhs}") };
        if full == field || (current == table && lhs == key) {
            return Some(i + 1);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_settings_lists_exactly_what_differs_from_the_default() {
        assert!(changed_settings(&Scene::default()).is_empty());
        let mut s = Scene { name: "mine".into(), ..Scene::default() };
        s.gait.stride_m = 1.2; // in the header already
        s.strength.gluteus_medius = 0.4;
        s.load.backpack_kg = 11.0;
        s.spine.disc_degeneration.l4_l5 = 0.8;
        assert_eq!(
            changed_settings(&s),
            [
                "load.backpack_kg = 11.0",
                "spine.disc_degeneration.L4_L5 = 0.8",
                "strength.gluteus_medius = 0.4"
            ]
        );
    }

    #[test]
    fn empty_scene_is_the_default() {
        let s = parse_scene("", "x.toml").unwrap();
        assert_eq!(s, Scene::default());
    }

    #[test]
    fn unknown_field_names_file_line_and_field() {
        let e = parse_scene("[gait]\ncadance_spm = 100\n", "s.toml").unwrap_err().to_string();
        assert!(e.contains("s.toml") && e.contains("line 2") && e.contains("cadance_spm"), "{e}");
    }

    #[test]
    fn out_of_range_names_field_line_and_range() {
        let e = parse_scene("[gait]\nstride_m = 1.4\ncadence_spm = 0\n", "s.toml").unwrap_err().to_string();
        assert!(e.contains("line 3") && e.contains("gait.cadence_spm") && e.contains("60 to 150"), "{e}");
    }

    #[test]
    fn step_width_out_of_range_names_field_line_and_range() {
        let e = parse_scene("[gait]\nstep_width_m = 0.6\n", "s.toml").unwrap_err().to_string();
        assert!(
            e.contains("line 2") && e.contains("gait.step_width_m") && e.contains("0.02 to 0.4 m"),
            "{e}"
        );
        let s = parse_scene("[gait]\nstep_width_m = 0.2\n", "s.toml").unwrap();
        assert_eq!(s.gait.step_width_m, Some(0.2));
    }

    #[test]
    fn nan_is_refused() {
        let e = parse_scene("[load]\nbackpack_kg = nan\n", "s.toml").unwrap_err().to_string();
        assert!(e.contains("load.backpack_kg") && e.contains("NaN"), "{e}");
    }

    #[test]
    fn wrong_type_is_refused() {
        let e = parse_scene("[subject]\nmass_kg = \"heavy\"\nheight_m = 1.7\nsex = \"male\"\n", "s.toml")
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 2"), "{e}");
    }
}
