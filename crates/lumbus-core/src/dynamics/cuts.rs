//! The joint cuts where loads are computed: five lumbar levels, two hips, two knees, two ankles.
//!
//! A cut splits the body in two; its "child side" is the part away from the pelvis for the
//! legs and the part above the disc for the lumbar levels. The net wrench at a cut is what the
//! rest of the body exerts on the child side through the joint (muscles included).
//!
//! Each cut owns rows of the static optimisation: three moment components at a lumbar level or
//! a hip (ball joints), one at a knee or an ankle (hinges: flexion–extension about the shank's
//! Z axis, gait2392's knee axis; its other moments are the joint's, as in OpenSim's 1-DoF
//! knee). A leg's rows are contiguous (hip, knee, ankle) so that its muscles' columns touch one
//! block.

use crate::gait::Pose;
use crate::model::{FEMUR, FOOT, N_SEGMENTS, SHANK, THORAX, VERTEBRA};
use nalgebra::Vector3;

pub const N_CUTS: usize = 11;
/// Cut index of lumbar level k (0 = L1–L2 … 4 = L5–S1).
pub const CUT_LEVEL: [usize; 5] = [0, 1, 2, 3, 4];
/// Cut index of each hip, [right, left].
pub const CUT_HIP: [usize; 2] = [5, 6];
/// Cut index of each knee, [right, left].
pub const CUT_KNEE: [usize; 2] = [7, 8];
/// Cut index of each ankle, [right, left].
pub const CUT_ANKLE: [usize; 2] = [9, 10];
/// Moment rows in all: 3 per lumbar level and hip, 1 per knee and ankle.
pub const N_MOMENT_ROWS: usize = 5 * 3 + 2 * 3 + 4;

#[derive(Clone, Copy, Debug)]
pub struct Cut {
    pub name: &'static str,
    /// Which segments are on the child side.
    pub child: [bool; N_SEGMENTS],
    /// First moment row, and how many (3 for a ball joint, 1 for a hinge).
    pub row: usize,
    pub n_rows: usize,
    /// For a hinge, its side (the axis is that side's shank Z axis).
    pub hinge: Option<usize>,
}

impl Cut {
    /// The hinge axis in world axes at this pose (extension and dorsiflexion positive), if the
    /// cut is a hinge.
    pub fn axis(&self, pose: &Pose) -> Option<Vector3<f64>> {
        self.hinge.map(|side| pose.rot[SHANK[side]].column(2).into_owned())
    }

    /// The joint centre at this pose.
    pub fn centre(&self, j: usize, pose: &Pose) -> Vector3<f64> {
        match j {
            0..5 => pose.disc_centre[j],
            5 | 6 => pose.hip_centre[j - 5],
            7 | 8 => pose.origin[SHANK[j - 7]],
            _ => pose.origin[FOOT[j - 9]],
        }
    }
}

/// Name of a moment row, e.g. `L4_L5_z`, `hip_r_x`, `knee_l`.
pub fn row_name(cuts: &[Cut; N_CUTS], row: usize) -> String {
    let cut = cuts.iter().find(|c| (c.row..c.row + c.n_rows).contains(&row)).expect("row in range");
    if cut.n_rows == 1 {
        cut.name.to_string()
    } else {
        format!("{}_{}", cut.name, ["x", "y", "z"][row - cut.row])
    }
}

pub fn cuts() -> [Cut; N_CUTS] {
    let names = [
        "L1_L2", "L2_L3", "L3_L4", "L4_L5", "L5_S1", "hip_r", "hip_l", "knee_r", "knee_l", "ankle_r",
        "ankle_l",
    ];
    // Rows: lumbar 0..15, then per leg hip (3), knee (1), ankle (1).
    let rows = [0, 3, 6, 9, 12, 15, 20, 18, 23, 19, 24];
    std::array::from_fn(|j| {
        let mut child = [false; N_SEGMENTS];
        let (n_rows, hinge) = match j {
            0..5 => {
                // Above level j: thorax and vertebrae L1 … L(j+1), i.e. VERTEBRA[4 - j ..= 4].
                child[THORAX] = true;
                for v in &VERTEBRA[4 - j..] {
                    child[*v] = true;
                }
                (3, None)
            }
            5 | 6 => {
                let side = j - 5;
                child[FEMUR[side]] = true;
                child[SHANK[side]] = true;
                child[FOOT[side]] = true;
                (3, None)
            }
            7 | 8 => {
                let side = j - 7;
                child[SHANK[side]] = true;
                child[FOOT[side]] = true;
                (1, Some(side))
            }
            _ => {
                let side = j - 9;
                child[FOOT[side]] = true;
                (1, Some(side))
            }
        };
        Cut { name: names[j], child, row: rows[j], n_rows, hinge }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every moment row belongs to exactly one cut, and a leg's rows are contiguous.
    #[test]
    fn rows_partition_and_legs_are_blocks() {
        let c = cuts();
        let mut owner = [usize::MAX; N_MOMENT_ROWS];
        for (j, cut) in c.iter().enumerate() {
            for r in cut.row..cut.row + cut.n_rows {
                assert_eq!(owner[r], usize::MAX, "row {r} owned twice");
                owner[r] = j;
            }
        }
        assert!(owner.iter().all(|&o| o != usize::MAX));
        for side in 0..2 {
            let (h, k, a) = (&c[CUT_HIP[side]], &c[CUT_KNEE[side]], &c[CUT_ANKLE[side]]);
            assert_eq!((k.row, a.row), (h.row + 3, h.row + 4));
        }
        assert_eq!(row_name(&c, 9 + 2), "L4_L5_z");
        assert_eq!(row_name(&c, 23), "knee_l");
    }
}
