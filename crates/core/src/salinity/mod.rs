//! Soil and water salinity: stress response of plants to salinity, salinity and sodicity
//! classes, and conversions between the measures field laboratories report.

pub mod stress;
