//! What a run warns about: scenes the engine can run, but only by stretching what its gait and
//! model were built from. A warning is reported in the summary (`Summary::warnings`) and by
//! `lumbus run`; the run itself is not changed.

use crate::gait::template_data as tpl;
use crate::model::GRAVITY;
use crate::params::{Activity, Scene};
use crate::results::ReserveSummary;

/// People of any size switch from walking to running at a Froude number v²/(g·L) of about 0.5,
/// L the leg length: Kram, Domingo & Ferris 1997 (J Exp Biol 200:821).
pub const WALK_RUN_FROUDE: f64 = 0.5;

/// A reserve moment above this, N·m, means the muscles could not carry the joint's load
/// (assumption: below it a reserve is the optimisation's slack — normal walking peaks at 1 N·m;
/// a reserve of 1 N·m costs as much as one fully active muscle, `muscles/static_opt.rs`).
pub const RESERVE_WARNING_NM: f64 = 10.0;

/// Dimensionless walking speed v²/(g·L), L the leg length (hip to floor), m; 0 when standing.
pub fn froude(scene: &Scene, leg_m: f64) -> f64 {
    match scene.gait.activity {
        Activity::Walk => scene.gait.speed_mps().powi(2) / (GRAVITY * leg_m),
        Activity::Stand => 0.0,
    }
}

/// The warnings for a scene whose subject's leg (hip to floor) is `leg_m` long, given the
/// run's reserves.
pub fn warnings(scene: &Scene, leg_m: f64, reserves: &ReserveSummary) -> Vec<String> {
    let mut out = Vec::new();
    let fr = froude(scene, leg_m);
    if fr > WALK_RUN_FROUDE {
        out.push(format!(
            "walking at a Froude number of {fr:.2} ({:.2} m/s on a {leg_m:.2} m leg): people run above \
             about {WALK_RUN_FROUDE} (Kram et al. 1997), and this gait is a measured walk at {:.2} m/s \
             stretched to it: its loads are an extrapolation",
            scene.gait.speed_mps(),
            tpl::STRIDE_M / tpl::PERIOD_S,
        ));
    }
    if reserves.max_nm > RESERVE_WARNING_NM {
        out.push(format!(
            "the muscles could not carry the load at {} ({:.0} % of the cycle): a reserve moment of \
             {:.1} N·m made up the rest, so the loads there lack the muscle force it stands for",
            reserves.joint, reserves.at_cycle_pct, reserves.max_nm
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warns_above_the_walk_run_transition_only() {
        let mut s = Scene::default();
        let none = ReserveSummary::default();
        assert!(warnings(&s, 0.9, &none).is_empty(), "{:?}", warnings(&s, 0.9, &none));
        s.gait.stride_m = 2.0;
        s.gait.cadence_spm = 150.0;
        let w = warnings(&s, 0.9, &none);
        assert_eq!(w.len(), 1);
        assert!(w[0].contains("Froude number of 0.71"), "{}", w[0]);
        s.gait.activity = Activity::Stand;
        assert!(warnings(&s, 0.9, &none).is_empty());
    }

    #[test]
    fn warns_when_reserves_carry_a_joint() {
        let s = Scene::default();
        let r = |max_nm| ReserveSummary { max_nm, joint: "hip_r_x".into(), at_cycle_pct: 12.0, mean_nm: 0.0 };
        assert!(warnings(&s, 0.9, &r(9.9)).is_empty());
        let w = warnings(&s, 0.9, &r(25.0));
        assert_eq!(w.len(), 1);
        assert!(w[0].contains("hip_r_x (12 % of the cycle)") && w[0].contains("25.0 N·m"), "{}", w[0]);
    }
}
