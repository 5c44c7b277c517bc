//! Readers for recorded gait data: OpenSim `.mot`/`.sto` tables, `.osim` models,
//! ExternalLoads `.xml`, and force plates from C3D files; plus the two signal tools that
//! recorded data need before it can drive the model (resampling and zero-lag filtering).
//!
//! The rule throughout: a file is read exactly or refused with a message naming the file,
//! the place and what was expected. Nothing is guessed (units, label styles, column
//! mappings), because a silent misreading of recorded data shows up only as wrong joint
//! loads much later.
//!
//! Units out of this module are SI (s, m, rad, N, N·m), whatever the file used.

pub mod c3d;
pub mod c3d_loads;
pub mod coordinates;
pub mod error;
pub mod external_loads;
pub mod filter;
pub mod multibody;
pub mod osim;
pub mod resample;
pub mod sto_writer;
pub mod table;
pub mod trial;

pub use c3d::{
    C3dRecording, ContactEvent, ContactEventKind, ForcePlate, ForcePlateOptions, Markers, PlateBaseline,
    detect_contacts, read_c3d,
};
pub use coordinates::{
    CANONICAL_COORDINATES, CoordinateKind, CoordinateOptions, Kinematics, LabelStyle, coordinate_kind,
};
pub use error::{RecordedError, Result};
pub use external_loads::{AppliedLoad, ExternalForce, ExternalLoads, GroundLoads, Side};
pub use filter::{ButterworthLowpass, lowpass_filtfilt};
pub use osim::{
    Body, Coordinate, Function, Inertia, Joint, Marker, MotionType, Muscle, OsimLayout, OsimModel, PathPoint,
    PathPointKind, TransformAxis,
};
pub use resample::LinearResampler;
pub use table::Table;

/// Test fixtures live in `tests/data` at the workspace root (copied byte-for-byte from the
/// shared gait data, see `tests/data/ATTRIBUTION.md`).
#[cfg(test)]
pub(crate) mod test_data {
    use std::path::{Path, PathBuf};

    pub(crate) fn data(rel: &str) -> PathBuf {
        // From the crate's manifest as `cargo test` gives it at run time (a test binary reused
        // from a target directory shared with a clone elsewhere carries that clone's path in
        // `env!`); from the manifest when built in the workspace; from this file's absolute path
        // when the module is compiled by a crate elsewhere (a scratch crate).
        let at_run_time =
            std::env::var_os("CARGO_MANIFEST_DIR").map(|d| Path::new(&d).join("../../tests/data"));
        let from_manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data");
        let from_source = Path::new(file!()).ancestors().nth(5).map(|root| root.join("tests/data"));
        [at_run_time, Some(from_manifest), from_source]
            .into_iter()
            .flatten()
            .map(|d| d.join(rel))
            .find(|p| p.exists())
            .unwrap_or_else(|| panic!("test data `{rel}` not found under tests/data"))
    }
}
