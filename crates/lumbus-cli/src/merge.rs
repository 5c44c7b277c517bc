//! `lumbus merge`.

use std::path::{Path, PathBuf};

pub fn merge(out: &Path, shards: &[PathBuf]) -> Result<(), String> {
    let r = lumbus_batch::merge(out, shards).map_err(|e| e.to_string())?;
    say!(
        "Merged {} shards: {} configurations, {} succeeded, {} failed{}.",
        shards.len(),
        r.configurations,
        r.ok,
        r.failed,
        if r.frames > 0 { format!("; {} frames files", r.frames) } else { String::new() }
    );
    say!("Table: {} and {}", r.results_csv.display(), r.results_parquet.display());
    Ok(())
}
