package io.tracelake.jobs.warehouse;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.codec.ZstandardCodec;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Compresses the pages of one file writer with zstd, one page one zstd frame, as parquet-java's ZSTD codec
 * writes them (any Parquet reader decodes them), at the level parquet-java reads from the same setting
 * ({@value ZstandardCodec#PARQUET_COMPRESS_ZSTD_LEVEL}, default 3). The difference is the cost per page:
 * parquet-java's codec opens a native compression stream for every page (a new zstd context, its buffers, a
 * stream flushed and ended), which on small pages costs as much as the compression; here one context and one
 * output buffer serve every page of the file, and each page is compressed in one call.
 *
 * <p>Like parquet-java's compressor, the returned bytes are valid until the next page is compressed: the page
 * store copies them before it asks for another.
 */
final class ZstdPages extends CodecFactory.BytesCompressor {
  private final ZstdCompressCtx context;
  private byte[] compressed = new byte[0];

  ZstdPages(Configuration hadoop) {
    this.context = new ZstdCompressCtx();
    context.setLevel(hadoop.getInt(ZstandardCodec.PARQUET_COMPRESS_ZSTD_LEVEL,
        ZstandardCodec.DEFAULT_PARQUET_COMPRESS_ZSTD_LEVEL));
  }

  @Override
  public BytesInput compress(BytesInput page) throws IOException {
    byte[] raw = page.toByteArray();
    int bound = (int) Zstd.compressBound(raw.length);
    if (compressed.length < bound) {
      compressed = new byte[Math.max(bound, compressed.length * 2)];
    }
    int size = context.compressByteArray(compressed, 0, compressed.length, raw, 0, raw.length);
    return BytesInput.from(compressed, 0, size);
  }

  @Override
  public CompressionCodecName getCodecName() {
    return CompressionCodecName.ZSTD;
  }

  @Override
  public void release() {
    context.close();
  }
}
