//! Monthly climate normals and a seeded typical-year daily weather generator.
//!
//! A planner on the dried Aral seabed rarely has a daily weather record for the plot; what exists
//! are monthly normals. [`generator::typical_year`] turns twelve monthly means into a daily year
//! that (i) reproduces every monthly mean of temperature exactly and every monthly precipitation
//! total exactly, (ii) varies from day to day like real weather (autocorrelated temperature
//! anomalies, wet and dry spells from a first-order Markov chain, cloudier wet days), and (iii) is
//! the same for the same seed on every machine (a self-contained SplitMix64 generator, [`rng`]).
//!
//! The smooth seasonal curves come from [`interpolate::mean_preserving_daily`]: piecewise linear
//! through mid-month anchors that are adjusted until the curve's monthly means equal the normals
//! (an iterative mean-preserving interpolation in the spirit of Rymes & Myers 2001, Solar Energy
//! 71: 225-231). The occurrence model is the classic two-state Markov chain of weather generators
//! (Gabriel & Neumann 1962; Richardson 1981, Water Resources Research 17: 182-190).

pub mod generator;
pub mod interpolate;
pub mod rng;

pub use generator::{typical_year, GeneratedDay, MonthlyNormals};
