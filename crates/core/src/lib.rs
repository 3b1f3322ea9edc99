//! # aralkum-core
//!
//! The pure science of aralkum: reference evapotranspiration (FAO-56), soil hydraulic functions
//! (van Genuchten-Mualem, Gardner), the one-dimensional water-and-salt column solver (Richards
//! equation with root water uptake, advection-dispersion of total dissolved salt), crop and shrub
//! growth, salinity and reclamation formulas.
//!
//! This crate does no I/O, never prints, reads no clock and starts no thread: whatever watches a
//! run lives in the crates above it. Every public quantity carries its unit in its name; inside
//! the column lengths are in cm and times in days (see `../shared/INTERFACES.md`, section 2).

// The benchmark's problems (`tests/common`) name the crate; its unit tests include them too.
#[cfg(test)]
extern crate self as aralkum_core;

pub mod climate;
pub mod column;
pub mod crop;
pub mod date;
pub mod et0;
pub mod linalg;
pub mod reclaim;
pub mod salinity;
pub mod soil;
pub mod units;
