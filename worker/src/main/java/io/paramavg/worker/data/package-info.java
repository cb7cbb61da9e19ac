/**
 * Reading and holding labelled image data: the IDX format (MNIST's), validated field by field,
 * and the compact byte records that shards are made of.
 */
package io.paramavg.worker.data;
