//! The readable summary table printed after a run.

use lumbus_core::Summary;

/// `settings`: the scene's settings other than the defaults (`lumbus_io::changed_settings`).
pub fn print_summary(s: &Summary, settings: &[String]) {
    let g = &s.gait;
    let what = if g.activity == "stand" {
        "quiet standing".to_string()
    } else {
        format!(
            "{} at {:.2} m/s (stride {:.2} m, cadence {:.0} steps/min)",
            g.activity, g.speed_mps, g.stride_m, g.cadence_spm
        )
    };
    say!(
        "Scene `{}`: {:.0} kg, {:.2} m, {} — {what}",
        s.scene,
        s.subject.mass_kg,
        s.subject.height_m,
        s.subject.sex
    );
    if !settings.is_empty() {
        say!("Settings other than the defaults: {}", settings.join(", "));
    }
    for w in &s.warnings {
        say!("Warning: {w}.");
    }
    say!();
    // Every load in newtons and, in brackets, body weights (issue 2's table).
    let bw = s.subject.body_weight_n;
    let cell = |x_bw: f64, digits: usize| format!("{:.0} ({x_bw:.digits$})", x_bw * bw);
    say!(
        "{:<7} {:>13} {:>13} {:>13} {:>13} {:>8} {:>8} {:>6} {:>10}",
        "level",
        "compr. peak",
        "compr. mean",
        "AP peak",
        "ML peak",
        "facet R",
        "facet L",
        "facet",
        "per metre"
    );
    say!(
        "{:<7} {:>13} {:>13} {:>13} {:>13} {:>8} {:>8} {:>6} {:>10}",
        "",
        "N (BW)",
        "N (BW)",
        "N (BW)",
        "N (BW)",
        "peak N",
        "peak N",
        "share",
        "N·s/m"
    );
    for (name, l) in &s.levels {
        let per_m = s
            .compression_impulse_per_m
            .as_ref()
            .and_then(|m| m.get(name))
            .map(|v| format!("{v:.0}"))
            .unwrap_or_else(|| "—".into());
        say!(
            "{:<7} {:>13} {:>13} {:>13} {:>13} {:>8.0} {:>8.0} {:>5.0}% {:>10}",
            name.replace('_', "–"),
            cell(l.compression_peak_bw, 2),
            cell(l.compression_mean_bw, 2),
            cell(l.ap_shear_peak_bw, 3),
            cell(l.ml_shear_peak_bw, 3),
            l.facet_right_peak_n,
            l.facet_left_peak_n,
            100.0 * l.facet_share_mean,
            per_m
        );
    }
    say!();
    say!(
        "Hip contact peak, N (BW): right {}, left {}.  Vertical GRF peak, N (BW): right {}, left {}.",
        cell(s.hip_contact_peak_bw.right, 2),
        cell(s.hip_contact_peak_bw.left, 2),
        cell(s.grf_vertical_peak_bw.right, 2),
        cell(s.grf_vertical_peak_bw.left, 2)
    );
    // The muscle groups working nearest their limit (1 = at it): where weakness bites first.
    let top: Vec<String> =
        s.busiest_muscles(3).iter().map(|(g, a)| format!("{} {a:.2}", g.replace('_', " "))).collect();
    say!("Peak activation, the three highest muscle groups: {}", top.join(", "));
    say!(
        "Largest reserve moment: {:.1} N·m ({} at {:.0} % of the cycle)",
        s.reserves.max_nm,
        s.reserves.joint,
        s.reserves.at_cycle_pct
    );
    if let Some(i) = &s.impact {
        say!(
            "Impact transient (right landing, sampled every 0.25 ms): {:.2} BW extra ground force at {:.1} ms \
             ({:.0} BW/s; whole vertical GRF then {:.2} BW), effective mass {:.1} kg decelerated at up to {:.1} g; \
             L5–S1 compression rise up to {:.2} BW.",
            i.force_peak_bw,
            i.peak_time_ms,
            i.loading_rate_bw_per_s,
            i.grf_impact_peak_bw,
            i.effective_mass_kg,
            i.deceleration_peak_g,
            i.compression_rise_bw["L5_S1"]
        );
    }
}
