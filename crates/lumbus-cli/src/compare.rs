//! `lumbus compare BASE VARIANT...`: runs the scenes and prints, writes and plots them side by side.

use lumbus_batch::compare::{KEY_METRICS, compare_files};
use std::path::{Path, PathBuf};

pub fn compare(scenes: &[PathBuf], out: &Path, all: bool) -> Result<(), String> {
    let (c, written) = compare_files(scenes, out).map_err(|e| e.to_string())?;
    say!("Base: `{}`; change is from the base.\n", c.runs[0].name);
    let table = c.text(if all { &[] } else { KEY_METRICS });
    say!("{}", table.strip_suffix('\n').unwrap_or(&table));
    if !all {
        say!("\n(The key metrics; every level and metric: --all, or {})", written[0].display());
    }
    let names: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
    say!("\nWrote {}", names.join(", "));
    Ok(())
}
