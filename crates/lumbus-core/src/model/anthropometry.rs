//! Segment lengths, masses, centres of mass and inertias scaled from a subject's mass, height, sex.

use super::segment::*;
use crate::params::{Sex, Subject};
use nalgebra::{Matrix3, Vector3};

/// Segment mass fractions of body mass, de Leva 1996 (J Biomech 29:1223), Table 4
/// (male, female). The trunk is split into upper (UPT), middle (MPT) and lower (LPT) parts.
struct MassFractions {
    head: f64,
    upper_trunk: f64,
    middle_trunk: f64,
    lower_trunk: f64,
    upper_arm: f64,
    forearm: f64,
    hand: f64,
    thigh: f64,
    shank: f64,
    foot: f64,
}

const DE_LEVA_MALE: MassFractions = MassFractions {
    head: 0.0694,
    upper_trunk: 0.1596,
    middle_trunk: 0.1633,
    lower_trunk: 0.1117,
    upper_arm: 0.0271,
    forearm: 0.0162,
    hand: 0.0061,
    thigh: 0.1416,
    shank: 0.0433,
    foot: 0.0137,
};

const DE_LEVA_FEMALE: MassFractions = MassFractions {
    head: 0.0668,
    upper_trunk: 0.1545,
    middle_trunk: 0.1465,
    lower_trunk: 0.1247,
    upper_arm: 0.0255,
    forearm: 0.0138,
    hand: 0.0056,
    thigh: 0.1478,
    shank: 0.0481,
    foot: 0.0129,
};

/// Leg segment centre of mass (fraction of length from the proximal end: hip, knee, heel) and
/// radii of gyration (sagittal, transverse, longitudinal) as fractions of length,
/// de Leva 1996, Table 4.
struct LegInertia {
    com: f64,
    r_sag: f64,
    r_trans: f64,
    r_long: f64,
}
const THIGH_M: LegInertia = LegInertia { com: 0.4095, r_sag: 0.329, r_trans: 0.329, r_long: 0.149 };
const SHANK_M: LegInertia = LegInertia { com: 0.4459, r_sag: 0.255, r_trans: 0.249, r_long: 0.103 };
const FOOT_M: LegInertia = LegInertia { com: 0.4415, r_sag: 0.257, r_trans: 0.245, r_long: 0.124 };
const THIGH_F: LegInertia = LegInertia { com: 0.3612, r_sag: 0.369, r_trans: 0.364, r_long: 0.162 };
const SHANK_F: LegInertia = LegInertia { com: 0.4416, r_sag: 0.271, r_trans: 0.267, r_long: 0.093 };
const FOOT_F: LegInertia = LegInertia { com: 0.4014, r_sag: 0.299, r_trans: 0.279, r_long: 0.139 };

/// Segment lengths as fractions of standing height, Winter 2009 ("Biomechanics and Motor Control
/// of Human Movement", Fig. 4.1): thigh 0.245, leg 0.246, foot 0.152, ankle height 0.039.
pub const THIGH_PER_HEIGHT: f64 = 0.245;
pub const SHANK_PER_HEIGHT: f64 = 0.246;
pub const FOOT_PER_HEIGHT: f64 = 0.152;
pub const ANKLE_HEIGHT_PER_HEIGHT: f64 = 0.039;

/// Lumbar slice masses L1…L5 in the Christophy et al. 2012 model (1.68, 1.69, 1.67, 1.80, 1.82
/// kg): used only as proportions to split de Leva's middle trunk among the five slices.
const CHRISTOPHY_SLICE_KG: [f64; 5] = [1.68, 1.69, 1.67, 1.80, 1.82];

/// The scaled lengths of one subject.
#[derive(Clone, Debug)]
pub struct Lengths {
    pub height: f64,
    pub thigh: f64,
    pub shank: f64,
    pub foot: f64,
    pub ankle_height: f64,
    /// Scale of trunk and pelvis geometry relative to the 1.75 m reference adult.
    pub trunk_scale: f64,
}

impl Lengths {
    pub fn new(s: &Subject) -> Self {
        let h = s.height_m;
        Lengths {
            height: h,
            thigh: THIGH_PER_HEIGHT * h,
            shank: SHANK_PER_HEIGHT * h,
            foot: FOOT_PER_HEIGHT * h,
            ankle_height: ANKLE_HEIGHT_PER_HEIGHT * h,
            trunk_scale: h / 1.75,
        }
    }

    /// The leg from hip to floor (thigh, shank and the ankle's height), m.
    pub fn leg(&self) -> f64 {
        self.thigh + self.shank + self.ankle_height
    }
}

fn diag(m: f64, r: [f64; 3]) -> Matrix3<f64> {
    Matrix3::from_diagonal(&Vector3::new(m * r[0] * r[0], m * r[1] * r[1], m * r[2] * r[2]))
}

/// A leg segment along −Y from its origin (hip, knee); the inertia's long axis is Y.
fn leg_segment(name: &'static str, mass: f64, len: f64, li: &LegInertia) -> Segment {
    Segment {
        name,
        mass,
        com: Vector3::new(0.0, -li.com * len, 0.0),
        // Segment axes: X anterior (sagittal-plane radius about Z is r_sag), Y long, Z right.
        inertia: diag(mass, [li.r_trans * len, li.r_long * len, li.r_sag * len]),
    }
}

/// Builds the 13 segments. Trunk slices: the pelvis takes de Leva's lower trunk, the five lumbar
/// slices share the middle trunk, the thorax carries upper trunk, head and both arms (arm swing is
/// not modelled: an assumption that leaves out the arms' small counter-rotation).
pub fn segments(subject: &Subject, len: &Lengths, heel_to_ankle: f64) -> Vec<Segment> {
    let (f, thigh, shank, foot) = match subject.sex {
        Sex::Male => (&DE_LEVA_MALE, &THIGH_M, &SHANK_M, &FOOT_M),
        Sex::Female => (&DE_LEVA_FEMALE, &THIGH_F, &SHANK_F, &FOOT_F),
    };
    let m = subject.mass_kg;
    let s = len.trunk_scale;
    let mut segs = Vec::with_capacity(N_SEGMENTS);
    // Pelvis: centre of mass between the hip joints and the sacrum; radii of gyration of a
    // 0.2 m solid block (assumptions; the pelvis barely rotates in gait).
    let mp = f.lower_trunk * m;
    segs.push(Segment {
        name: "pelvis",
        mass: mp,
        com: Vector3::new(-0.04, -0.02, 0.0) * s,
        inertia: diag(mp, [0.09 * s, 0.09 * s, 0.08 * s]),
    });
    let slice_total: f64 = CHRISTOPHY_SLICE_KG.iter().sum();
    for (k, name) in ["L5", "L4", "L3", "L2", "L1"].iter().enumerate() {
        // CHRISTOPHY_SLICE_KG runs L1..L5; VERTEBRA runs L5..L1.
        let ms = f.middle_trunk * m * CHRISTOPHY_SLICE_KG[4 - k] / slice_total;
        segs.push(Segment {
            name,
            mass: ms,
            // A trunk slice's mass lies mostly in front of the vertebral body (abdominal
            // contents): centre 4 cm anterior (assumption).
            com: Vector3::new(0.04, 0.0, 0.0) * s,
            inertia: diag(ms, [0.08 * s, 0.1 * s, 0.08 * s]),
        });
    }
    let mt = (f.upper_trunk + f.head + 2.0 * (f.upper_arm + f.forearm + f.hand)) * m;
    segs.push(Segment {
        name: "thorax",
        mass: mt,
        // Head, arms and upper trunk: centre of mass 0.24 m above the thoracolumbar joint and
        // 2 cm in front of it, radii of gyration 0.16/0.10/0.16 m at 1.75 m (assumptions that put
        // the whole-body centre of mass at ~55 % of height, as it is in adults).
        com: Vector3::new(0.02, 0.24, 0.0) * s,
        inertia: diag(mt, [0.16 * s, 0.10 * s, 0.16 * s]),
    });
    for side in [RIGHT, LEFT] {
        let (fn_, sn, ftn) =
            if side == RIGHT { ("femur_r", "shank_r", "foot_r") } else { ("femur_l", "shank_l", "foot_l") };
        segs.push(leg_segment(fn_, f.thigh * m, len.thigh, thigh));
        segs.push(leg_segment(sn, f.shank * m, len.shank, shank));
        let mf = f.foot * m;
        // The foot's centre lies along the heel-to-toe line (de Leva: from the heel).
        let com_x = -heel_to_ankle + foot.com * len.foot;
        segs.push(Segment {
            name: ftn,
            mass: mf,
            com: Vector3::new(com_x, -0.5 * len.ankle_height, 0.0),
            // The foot's long axis is X.
            inertia: diag(mf, [foot.r_long * len.foot, foot.r_trans * len.foot, foot.r_sag * len.foot]),
        });
    }
    // Reorder to the index layout of `segment.rs` (pelvis, L5..L1, thorax, right leg, left leg):
    // already in that order.
    debug_assert_eq!(segs.len(), N_SEGMENTS);
    segs
}
