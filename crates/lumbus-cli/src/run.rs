//! `lumbus run`.

use crate::table::print_summary;
use lumbus_core::{Engine, RunOutput, Scene};
use lumbus_forward::{ForwardOptions, ForwardOutput, JOINT_NAMES};
use std::path::Path;

/// Which dynamics path computes the loads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Solver {
    Inverse,
    Forward,
}

pub fn run(scene_path: Option<&Path>, out: &Path, solver: Solver) -> Result<(), String> {
    let scene = match scene_path {
        Some(p) => lumbus_io::load_scene(p).map_err(|e| e.to_string())?,
        None => Scene::default(),
    };
    if solver == Solver::Forward && scene.impact.enabled {
        // The forward path's landing comes from its rigid contacts; the two-mass impact model
        // is the inverse path's. Running it anyway would silently drop the scene's setting.
        let file = scene_path.map_or("the default scene".into(), |p| p.display().to_string());
        return Err(format!(
            "{file}: impact.enabled = true is for `--solver inverse` only (the forward solver's \
             heel strike comes from its contact solver); set impact.enabled = false or drop --solver forward"
        ));
    }
    // The forward path passes the load between the feet only while both are on the floor.
    let scene = if solver == Solver::Forward { lumbus_forward::forward_scene(&scene) } else { scene };
    let engine = Engine::new(&scene).map_err(|e| e.to_string())?;
    let started = std::time::Instant::now();
    let (output, forward) = match solver {
        Solver::Inverse => (engine.run().map_err(|e| format!("{}: {e}", scene.name))?, None),
        Solver::Forward => {
            let f = lumbus_forward::simulate(&engine, &ForwardOptions::default())
                .map_err(|e| format!("{}: {e}", scene.name))?;
            (RunOutput { frames: f.frames.clone(), summary: f.summary.clone() }, Some(f))
        }
    };
    let elapsed = started.elapsed();
    print_summary(&output.summary, &lumbus_io::changed_settings(&scene));
    let write_err = |e: std::io::Error| format!("{}: cannot write results: {e}", out.display());
    lumbus_io::write_run(out, &engine.model, &output).map_err(write_err)?;
    lumbus_io::write_scene_toml(&out.join("scene.toml"), &scene).map_err(write_err)?;
    if let Some(f) = &forward {
        print_forward(f, engine.model.body_weight);
        let path = out.join("forward.json");
        std::fs::write(&path, forward_json(f, engine.model.body_weight))
            .map_err(|e| format!("{}: cannot write: {e}", path.display()))?;
    }
    say!(
        "\n{} frames in {:.1} ms. Wrote {}, {}{} and {} (the scene as run)",
        output.frames.len(),
        elapsed.as_secs_f64() * 1e3,
        out.join("summary.json").display(),
        out.join("frames.csv").display(),
        if forward.is_some() { format!(", {}", out.join("forward.json").display()) } else { String::new() },
        out.join("scene.toml").display()
    );
    say!("How far the engine agrees with published measurements, and where it does not: `lumbus validate`.");
    Ok(())
}

fn norm(v: &[f64; 3]) -> f64 {
    (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]).sqrt()
}

/// Peak and RMS magnitude of a per-frame vector series.
fn peak_rms(series: &[[f64; 3]]) -> (f64, f64) {
    let peak = series.iter().map(norm).fold(0.0, f64::max);
    let rms = (series.iter().map(|v| norm(v).powi(2)).sum::<f64>() / series.len().max(1) as f64).sqrt();
    (peak, rms)
}

/// Double support as the contact solver shares it against the inverse path's smooth-transition
/// assumption: frames where both feet carry load, and the right foot's share of the vertical
/// ground reaction, contact − assumption (RMS and largest difference).
fn double_support(f: &ForwardOutput) -> (usize, f64, f64) {
    let (mut sq, mut n, mut max) = (0.0, 0usize, 0.0f64);
    for (c, p) in f.share_contact.iter().zip(&f.share_plan) {
        if *p > 0.0 && *p < 1.0 && c.is_finite() {
            sq += (c - p) * (c - p);
            n += 1;
            max = max.max((c - p).abs());
        }
    }
    (n, (sq / n.max(1) as f64).sqrt(), max)
}

fn print_forward(f: &ForwardOutput, bw: f64) {
    let t = &f.tracking;
    say!("\nForward simulation (rapier3d, step {:.3} ms, {} steps):", f.dt * 1e3, f.steps);
    say!(
        "  the gait as the forward path tracks it: load passed between the feet only while both are down \
         ([gait] load_transfer = \"contact\"; `lumbus run` without --solver forward uses the force plates' timing)"
    );
    let joints: Vec<String> =
        JOINT_NAMES.iter().zip(t.joint_rms_deg).map(|(n, r)| format!("{n} {r:.2}°")).collect();
    say!("  joint tracking RMS: {}", joints.join(", "));
    say!(
        "  pelvis from plan: RMS {:.1} mm, max {:.1} mm, at the end {:.1} mm",
        t.pelvis_rms_m * 1e3,
        t.pelvis_max_m * 1e3,
        t.pelvis_final_m * 1e3
    );
    let (fp, fr) = peak_rms(&f.residual_force_n);
    let (tp, tr) = peak_rms(&f.residual_torque_nm);
    say!(
        "  pelvis residual (not physical; reported): force peak {fp:.0} N ({:.2} BW), RMS {fr:.0} N; torque peak {tp:.0} N·m, RMS {tr:.0} N·m",
        fp / bw
    );
    let strikes = f.events.iter().filter(|e| e.strike).count();
    say!("  contact events: {strikes} heel strikes, {} toe-offs", f.events.len() - strikes);
    let (n, rms, max) = double_support(f);
    say!(
        "  double support ({n} frames): right foot's share of the vertical load, contact − smooth \
         transition: RMS {:.1} %, max {:.1} %",
        rms * 100.0,
        max * 100.0
    );
}

fn forward_json(f: &ForwardOutput, bw: f64) -> String {
    let (fp, fr) = peak_rms(&f.residual_force_n);
    let (tp, tr) = peak_rms(&f.residual_torque_nm);
    let ds = double_support(f);
    let joints: serde_json::Map<String, serde_json::Value> = JOINT_NAMES
        .iter()
        .enumerate()
        .map(|(j, n)| {
            (
                n.to_string(),
                serde_json::json!({"rms_deg": f.tracking.joint_rms_deg[j], "max_deg": f.tracking.joint_max_deg[j]}),
            )
        })
        .collect();
    let events: Vec<serde_json::Value> = f
        .events
        .iter()
        .map(|e| {
            serde_json::json!({
                "time_s": e.time_s,
                "cycle_pct": e.cycle_pct,
                "side": if e.side == 0 { "right" } else { "left" },
                "event": if e.strike { "heel_strike" } else { "toe_off" },
            })
        })
        .collect();
    let value = serde_json::json!({
        "step_s": f.dt,
        "steps": f.steps,
        "tracking": {
            "joints": joints,
            "pelvis_rms_m": f.tracking.pelvis_rms_m,
            "pelvis_max_m": f.tracking.pelvis_max_m,
            "pelvis_final_m": f.tracking.pelvis_final_m,
        },
        "pelvis_residual": {
            "force_peak_n": fp, "force_peak_bw": fp / bw, "force_rms_n": fr,
            "torque_peak_nm": tp, "torque_rms_nm": tr,
        },
        "contact_events": events,
        "double_support": {
            "frames": ds.0,
            "right_share_contact_minus_plan_rms": ds.1,
            "right_share_contact_minus_plan_max": ds.2,
            // Per frame: the right foot's share from contact, and the smooth-transition
            // assumption's (null where no foot is loaded).
            "right_share_contact": f.share_contact.iter().map(|v| v.is_finite().then_some(*v)).collect::<Vec<_>>(),
            "right_share_plan": f.share_plan.iter().map(|v| v.is_finite().then_some(*v)).collect::<Vec<_>>(),
        },
    });
    serde_json::to_string_pretty(&value).expect("plain JSON")
}
