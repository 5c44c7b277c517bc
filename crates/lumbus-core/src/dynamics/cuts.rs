//! The joint cuts where loads are computed: five lumbar levels and two hips.
//!
//! A cut splits the body in two; its "child side" is the part away from the pelvis for the
//! hips and the part above the disc for the lumbar levels. The net wrench at a cut is what the
//! rest of the body exerts on the child side through the joint (muscles included).

use crate::model::{FEMUR, FOOT, N_SEGMENTS, SHANK, THORAX, VERTEBRA};

pub const N_CUTS: usize = 7;
/// Cut index of lumbar level k (0 = L1–L2 … 4 = L5–S1).
pub const CUT_LEVEL: [usize; 5] = [0, 1, 2, 3, 4];
/// Cut index of each hip, [right, left].
pub const CUT_HIP: [usize; 2] = [5, 6];

#[derive(Clone, Copy, Debug)]
pub struct Cut {
    pub name: &'static str,
    /// Which segments are on the child side.
    pub child: [bool; N_SEGMENTS],
}

pub fn cuts() -> [Cut; N_CUTS] {
    let names = ["L1_L2", "L2_L3", "L3_L4", "L4_L5", "L5_S1", "hip_r", "hip_l"];
    std::array::from_fn(|j| {
        let mut child = [false; N_SEGMENTS];
        if j < 5 {
            // Above level j: thorax and vertebrae L1 … L(j+1), i.e. VERTEBRA[4 - j ..= 4].
            child[THORAX] = true;
            for v in &VERTEBRA[4 - j..] {
                child[*v] = true;
            }
        } else {
            let side = j - 5;
            child[FEMUR[side]] = true;
            child[SHANK[side]] = true;
            child[FOOT[side]] = true;
        }
        Cut { name: names[j], child }
    })
}
