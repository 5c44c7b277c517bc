//! `lumbus claims`: the claims report (Markdown with plots) from a claims manifest.

use lumbus_batch::claims::report;
use std::path::Path;

pub fn claims(manifest: &Path, out: &Path) -> Result<(), String> {
    if !manifest.is_file() {
        return Err(format!(
            "{}: no claims manifest there: run from the project root (the default is \
             scenes/claims/claims.toml) or give --manifest FILE",
            manifest.display()
        ));
    }
    let (results, path) = report(manifest, out).map_err(|e| e.to_string())?;
    let answered = results.iter().filter(|r| r.comparison.is_some()).count();
    say!(
        "{} claims: {answered} answered by the model, {} without a mechanism in it (the report says which).",
        results.len(),
        results.len() - answered
    );
    say!("Wrote {} (and its plots in {})", path.display(), out.display());
    Ok(())
}
