/**
 * Daily and periodic jobs ({@link org.guanai.sdk.jobs.Jobs}) that run once per cluster: several nodes on one database
 * agree through a lease in the database on which of them runs a job when it is due.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.guanai.sdk.jobs;
