/*
 * timbre-decode-host: a long-lived decoder that does, file after file, what one
 *   ffmpeg -protocol_whitelist file -format_whitelist LIST [-f DEMUXER] [-ss S] -t T -i URL
 *          -map 0:a:0 -ac 1 -ar RATE -f f32le -
 * run does (FFmpeg 5.1's fftools/ffmpeg.c: the same timestamps into the same filter graph, so the same samples),
 * without paying for process start-up and the loading of ffmpeg's ~200 shared libraries per file.
 *
 * Usage: timbre-decode-host FORMAT_WHITELIST   (requests on stdin, answers on stdout, libav's messages on stderr)
 * Protocol (little-endian; str = u32 length + UTF-8 bytes):
 *   OPEN   u8 1, str url, str demuxer ("" = probe)  -> status [info]   (closes any open input first)
 *   DECODE u8 2, i64 start_us (-1: none), i64 duration_us, i32 rate, i32 quota
 *          -> blocks (u32 n > 0, n f32), u32 0, status            (decodes the open input, then closes it)
 *   CLOSE  u8 3                                      -> nothing
 *   status = i32 code (0 ok, see enum failure), str reason
 *   info   = str format, i64 duration_us (INT64_MIN: unknown), i32 audio stream (-1: none), i32 rate, i32 channels,
 *            u8 video (a stream that is video and not an attached picture), u32 tags, (str key, str value)...
 *            (the container's tags, then the first audio stream's)
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libavcodec/avcodec.h>
#include <libavfilter/avfilter.h>
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
#include <libavformat/avformat.h>
#include <libavutil/channel_layout.h>
#include <libavutil/mathematics.h>
#include <libavutil/opt.h>

enum failure { OK = 0, NOT_FOUND = 1, UNREADABLE = 2, NOT_AUDIO = 3, UNSUPPORTED = 4, CORRUPT = 5, FALLBACK = 100 };

#define MAX_STR (64 << 20)
#define BLOCK 16384

static const char *formats;
static AVFormatContext *input;

static void put(const void *p, size_t n)
{
    if (fwrite(p, 1, n, stdout) != n)
        exit(3);
}
static void put_u32(uint32_t v) { put(&v, 4); }
static void put_i32(int32_t v) { put(&v, 4); }
static void put_i64(int64_t v) { put(&v, 8); }
static void put_str(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    put_u32((uint32_t)n);
    put(s, n);
}
static void put_status(int code, const char *reason)
{
    put_i32(code);
    put_str(reason);
    fflush(stdout);
}

static void get(void *p, size_t n)
{
    if (fread(p, 1, n, stdin) != n)
        exit(0); /* the client is gone */
}
static uint32_t get_u32(void) { uint32_t v; get(&v, 4); return v; }
static int32_t get_i32(void) { int32_t v; get(&v, 4); return v; }
static int64_t get_i64(void) { int64_t v; get(&v, 8); return v; }
static char *get_str(void)
{
    uint32_t n = get_u32();
    if (n > MAX_STR)
        exit(2);
    char *s = malloc(n + 1);
    if (!s)
        exit(2);
    get(s, n);
    s[n] = 0;
    return s;
}

static void close_input(void) { avformat_close_input(&input); }

static int open_failure(int err)
{
    if (err == AVERROR(ENOENT))
        return NOT_FOUND;
    if (err == AVERROR(EACCES) || err == AVERROR(EPERM))
        return UNREADABLE;
    /* ffmpeg prints "URL: <error>" and the CLI path calls that not audio, except a file that ends inside its header. */
    return err == AVERROR_EOF ? CORRUPT : NOT_AUDIO;
}

/* The kind the CLI path gives a failed ffmpeg run (ToolFailures.Classify) whose last error was err; url_error: ffmpeg
 * also printed "URL: <error>" (a read error), which before any sample means the input is not audio. */
static int run_failure(int err, int decoded_any, int url_error)
{
    char text[256];
    av_strerror(err, text, sizeof text);
    if (strstr(text, "not supported") || strstr(text, "Not supported"))
        return UNSUPPORTED;
    if (err == AVERROR(ENOENT))
        return NOT_FOUND;
    if (err == AVERROR(EACCES))
        return UNREADABLE;
    if (!decoded_any && (url_error || err == AVERROR_INVALIDDATA))
        return NOT_AUDIO;
    return CORRUPT;
}

static void put_tags(const AVDictionary *m)
{
    const AVDictionaryEntry *t = NULL;
    while ((t = av_dict_get(m, "", t, AV_DICT_IGNORE_SUFFIX))) {
        put_str(t->key);
        put_str(t->value);
    }
}

static int first_audio(void)
{
    for (unsigned i = 0; i < input->nb_streams; i++)
        if (input->streams[i]->codecpar->codec_type == AVMEDIA_TYPE_AUDIO)
            return (int)i;
    return -1;
}

static void do_open(void)
{
    char *url = get_str(), *demuxer = get_str();
    close_input();
    AVDictionary *opts = NULL;
    av_dict_set(&opts, "protocol_whitelist", "file", 0);
    av_dict_set(&opts, "format_whitelist", formats, 0);
    const AVInputFormat *forced = NULL;
    char reason[256];
    if (*demuxer && !(forced = av_find_input_format(demuxer))) {
        put_status(NOT_AUDIO, "unknown demuxer");
        goto done;
    }
    int err = avformat_open_input(&input, url, forced, &opts);
    if (err < 0) {
        av_strerror(err, reason, sizeof reason);
        put_status(open_failure(err), reason);
        goto done;
    }
    /* ffmpeg decodes only the mapped stream; the demuxer skips the others. */
    int audio = first_audio();
    for (unsigned i = 0; i < input->nb_streams; i++)
        input->streams[i]->discard = (int)i == audio ? AVDISCARD_NONE : AVDISCARD_ALL;
    err = avformat_find_stream_info(input, NULL); /* ffmpeg only warns when this fails */
    (void)err;
    audio = first_audio();
    for (unsigned i = 0; i < input->nb_streams; i++)
        input->streams[i]->discard = (int)i == audio ? AVDISCARD_NONE : AVDISCARD_ALL;
    uint8_t video = 0;
    for (unsigned i = 0; i < input->nb_streams; i++) {
        const AVStream *st = input->streams[i];
        if (st->codecpar->codec_type == AVMEDIA_TYPE_VIDEO && !(st->disposition & AV_DISPOSITION_ATTACHED_PIC))
            video = 1;
    }
    put_status(OK, "");
    put_str(input->iformat->name);
    put_i64(input->duration == AV_NOPTS_VALUE ? INT64_MIN : input->duration);
    put_i32(audio);
    const AVCodecParameters *par = audio >= 0 ? input->streams[audio]->codecpar : NULL;
    put_i32(par ? par->sample_rate : 0);
    put_i32(par ? par->ch_layout.nb_channels : 0);
    put(&video, 1);
    put_u32((uint32_t)(av_dict_count(input->metadata) + (audio >= 0 ? av_dict_count(input->streams[audio]->metadata) : 0)));
    put_tags(input->metadata);
    if (audio >= 0)
        put_tags(input->streams[audio]->metadata);
    fflush(stdout);
done:
    av_dict_free(&opts);
    free(url);
    free(demuxer);
}

/* The decoding state of one run, as fftools/ffmpeg.c keeps it per input stream. */
struct run {
    AVStream *st;
    AVCodecContext *dec;
    AVFilterGraph *graph;
    AVFilterContext *src, *sink;
    AVFrame *frame, *out;
    int64_t start_us, duration_us; /* the trim's start (AV_NOPTS_VALUE: none) and length */
    int rate, quota, sent;
    int64_t dts, next_dts, pts, next_pts, prev_pkt_pts, rescale_last;
    int saw_first_ts, format, sample_rate;
    AVChannelLayout layout;
    int errors, decoded; /* ffmpeg's decode_error_stat */
    int last_error, read_error;
    int failure;
    char reason[256];
    float block[BLOCK];
    int filled;
};

static int fail(struct run *r, int code, const char *reason)
{
    if (!r->failure) {
        r->failure = code;
        snprintf(r->reason, sizeof r->reason, "%s", reason);
    }
    return -1;
}

static void flush_block(struct run *r)
{
    if (r->filled > 0) {
        put_u32((uint32_t)r->filled);
        put(r->block, (size_t)r->filled * 4);
        r->filled = 0;
    }
}

static int configure_graph(struct run *r, const AVFrame *f)
{
    char args[512], layout[128];
    r->graph = avfilter_graph_alloc();
    if (!r->graph)
        return fail(r, CORRUPT, "out of memory");
    r->graph->nb_threads = 1; /* -filter_threads 1 */
    if (av_channel_layout_check(&f->ch_layout) && f->ch_layout.order != AV_CHANNEL_ORDER_UNSPEC) {
        av_channel_layout_describe(&f->ch_layout, layout, sizeof layout);
        snprintf(args, sizeof args, "time_base=1/%d:sample_rate=%d:sample_fmt=%s:channel_layout=%s", f->sample_rate,
                 f->sample_rate, av_get_sample_fmt_name(f->format), layout);
    } else {
        snprintf(args, sizeof args, "time_base=1/%d:sample_rate=%d:sample_fmt=%s:channels=%d", f->sample_rate,
                 f->sample_rate, av_get_sample_fmt_name(f->format), f->ch_layout.nb_channels);
    }
    /* The filters in the order ffmpeg creates them (the order decides where the auto-inserted aresample goes: after
     * the trim, so the resampler starts at the window's first sample): its "anull" chain, the input's abuffer and
     * trim, the output's abuffersink and aformat. */
    AVFilterContext *null = NULL, *trim = NULL, *format = NULL;
    char out_args[128];
    snprintf(out_args, sizeof out_args, "sample_fmts=flt:sample_rates=%d:channel_layouts=mono", r->rate);
    int err = avfilter_graph_create_filter(&null, avfilter_get_by_name("anull"), "Parsed_anull_0", NULL, NULL, r->graph);
    if (err >= 0)
        err = avfilter_graph_create_filter(&r->src, avfilter_get_by_name("abuffer"), "graph_0_in_0_0", args, NULL, r->graph);
    if (err >= 0) {
        trim = avfilter_graph_alloc_filter(r->graph, avfilter_get_by_name("atrim"), "trim_in_0_0");
        err = trim ? av_opt_set_int(trim, "durationi", r->duration_us, AV_OPT_SEARCH_CHILDREN) : AVERROR(ENOMEM);
    }
    if (err >= 0 && r->start_us != AV_NOPTS_VALUE)
        err = av_opt_set_int(trim, "starti", r->start_us, AV_OPT_SEARCH_CHILDREN);
    if (err >= 0)
        err = avfilter_init_str(trim, NULL);
    if (err >= 0)
        err = avfilter_link(r->src, 0, trim, 0);
    if (err >= 0)
        err = avfilter_link(trim, 0, null, 0);
    if (err >= 0)
        err = avfilter_graph_create_filter(&r->sink, avfilter_get_by_name("abuffersink"), "out_0_0", NULL, NULL, r->graph);
    if (err >= 0)
        err = av_opt_set_int(r->sink, "all_channel_counts", 1, AV_OPT_SEARCH_CHILDREN);
    if (err >= 0)
        err = avfilter_graph_create_filter(&format, avfilter_get_by_name("aformat"), "format_out_0_0", out_args, NULL, r->graph);
    if (err >= 0)
        err = avfilter_link(format, 0, r->sink, 0);
    if (err >= 0)
        err = avfilter_link(null, 0, format, 0);
    if (err >= 0)
        err = avfilter_graph_config(r->graph, NULL);
    if (err < 0) {
        av_strerror(err, r->reason, sizeof r->reason);
        return fail(r, UNSUPPORTED, "cannot convert this audio");
    }
    r->format = f->format;
    r->sample_rate = f->sample_rate;
    av_channel_layout_copy(&r->layout, &f->ch_layout);
    return 0;
}

/* Takes what the graph has ready, asking it for more as ffmpeg's loop does (avfilter_graph_request_oldest, which
 * also makes the resampler flush its last samples once the trim has ended); 1 when the quota is met or the graph
 * has ended, 0 when it needs input. */
static int reap(struct run *r)
{
    for (;;) {
        int err = av_buffersink_get_frame_flags(r->sink, r->out, AV_BUFFERSINK_FLAG_NO_REQUEST);
        if (err == AVERROR(EAGAIN)) {
            err = avfilter_graph_request_oldest(r->graph);
            if (err == AVERROR(EAGAIN))
                return 0;
            if (err < 0 && err != AVERROR_EOF)
                return fail(r, CORRUPT, "filter failed");
            if (err == AVERROR_EOF && av_buffersink_get_frame_flags(r->sink, r->out, AV_BUFFERSINK_FLAG_NO_REQUEST) < 0)
                return 1;
            if (err == AVERROR_EOF)
                goto take;
            continue;
        }
        if (err == AVERROR_EOF)
            return 1;
        if (err < 0)
            return fail(r, CORRUPT, "filter failed");
    take:;
        const float *s = (const float *)r->out->data[0];
        int n = r->out->nb_samples;
        for (int i = 0; i < n && r->sent < r->quota; i++, r->sent++) {
            r->block[r->filled++] = s[i];
            if (r->filled == BLOCK)
                flush_block(r);
        }
        av_frame_unref(r->out);
        if (r->sent >= r->quota)
            return 1;
    }
}

/* ffmpeg.c's send_frame_to_filters, for one stream that keeps its format. */
static int filter_frame(struct run *r, AVFrame *f)
{
    if (!r->graph) {
        if (configure_graph(r, f) < 0)
            return -1;
    } else if (f->format != r->format || f->sample_rate != r->sample_rate || av_channel_layout_compare(&f->ch_layout, &r->layout)) {
        /* ffmpeg rebuilds its graph here; leave such files to it. */
        return fail(r, FALLBACK, "audio parameters change mid-stream");
    }
    if (av_buffersrc_add_frame_flags(r->src, f, AV_BUFFERSRC_FLAG_PUSH) < 0)
        return fail(r, CORRUPT, "filter failed");
    return reap(r);
}

/* ffmpeg.c's decode_audio: one receive (after a send when pkt is given); 1 = a frame went on, 0 = none, <0 error. */
static int decode_audio(struct run *r, AVPacket *pkt, int *decode_failed)
{
    int err = 0, got = 0;
    *decode_failed = 0;
    if (pkt) {
        err = avcodec_send_packet(r->dec, pkt);
        if (err == AVERROR_EOF)
            err = 0;
    }
    if (err >= 0) {
        err = avcodec_receive_frame(r->dec, r->frame);
        if (err >= 0)
            got = 1;
        else if (err == AVERROR(EAGAIN))
            err = 0;
    }
    if (err < 0)
        *decode_failed = 1;
    if (err >= 0 && r->dec->sample_rate <= 0)
        err = AVERROR_INVALIDDATA;
    if (err != AVERROR_EOF && (got || err < 0)) {
        if (err < 0) {
            r->errors++;
            r->last_error = err;
        }
        else
            r->decoded++;
    }
    if (!got || err < 0)
        return err;
    AVFrame *f = r->frame;
    r->next_pts += ((int64_t)AV_TIME_BASE * f->nb_samples) / r->dec->sample_rate;
    r->next_dts += ((int64_t)AV_TIME_BASE * f->nb_samples) / r->dec->sample_rate;
    AVRational tb;
    if (f->pts != AV_NOPTS_VALUE) {
        tb = r->st->time_base;
    } else if (pkt && pkt->pts != AV_NOPTS_VALUE) {
        f->pts = pkt->pts;
        tb = r->st->time_base;
    } else {
        f->pts = r->dts;
        tb = AV_TIME_BASE_Q;
    }
    if (pkt && pkt->duration && r->prev_pkt_pts != AV_NOPTS_VALUE && pkt->pts != AV_NOPTS_VALUE && pkt->pts - r->prev_pkt_pts > pkt->duration)
        r->rescale_last = AV_NOPTS_VALUE;
    if (pkt)
        r->prev_pkt_pts = pkt->pts;
    AVRational out = {1, r->dec->sample_rate};
    if (f->pts != AV_NOPTS_VALUE)
        f->pts = av_rescale_delta(tb, f->pts, out, f->nb_samples, &r->rescale_last, out);
    int done = filter_frame(r, f);
    av_frame_unref(f);
    return done < 0 ? done : done ? 2 : 1;
}

/* ffmpeg.c's process_input_packet for a decoded audio stream; pkt NULL: end of stream. 1 = done (quota or graph end). */
static int process_packet(struct run *r, AVPacket *pkt, AVPacket *empty)
{
    if (!r->saw_first_ts) {
        r->dts = 0;
        r->pts = 0;
        r->saw_first_ts = 1;
    }
    if (r->next_dts == AV_NOPTS_VALUE)
        r->next_dts = r->dts;
    if (r->next_pts == AV_NOPTS_VALUE)
        r->next_pts = r->pts;
    if (pkt && pkt->dts != AV_NOPTS_VALUE)
        r->next_dts = r->dts = r->next_pts = r->pts = av_rescale_q(pkt->dts, r->st->time_base, AV_TIME_BASE_Q);
    AVPacket *send = pkt ? pkt : empty;
    for (int repeating = 0;; repeating = 1) {
        r->pts = r->next_pts;
        r->dts = r->next_dts;
        int decode_failed;
        int got = decode_audio(r, repeating ? NULL : send, &decode_failed);
        if (r->failure)
            return -1;
        if (got == 2)
            return 1;
        if (got < 0) {
            if (!decode_failed)
                return fail(r, CORRUPT, "decoding failed");
            break; /* ffmpeg reports the error and goes on with the next packet */
        }
        if (got == 0)
            break;
    }
    return 0;
}

/* ffmpeg.c's process_input: shift by the input's offset; in formats with timestamp discontinuities (Ogg, MPEG-TS)
 * a jump of more than dts_delta_threshold (10 s) moves the offset; elsewhere timestamps more than
 * dts_error_threshold (30 h) off are dropped. */
static void shift_packet(struct run *r, AVPacket *pkt, int64_t *ts_offset, int64_t *last_ts, int discont)
{
    const int64_t jump = 10LL * AV_TIME_BASE, error = 3600LL * 30 * AV_TIME_BASE;
    AVRational tb = r->st->time_base;
    int64_t shift = av_rescale_q(*ts_offset, AV_TIME_BASE_Q, tb);
    if (pkt->dts != AV_NOPTS_VALUE)
        pkt->dts += shift;
    if (pkt->pts != AV_NOPTS_VALUE)
        pkt->pts += shift;
    int64_t pkt_dts = av_rescale_q_rnd(pkt->dts, tb, AV_TIME_BASE_Q, AV_ROUND_NEAR_INF | AV_ROUND_PASS_MINMAX);
    if (pkt_dts != AV_NOPTS_VALUE && r->next_dts == AV_NOPTS_VALUE && discont && *last_ts != AV_NOPTS_VALUE) {
        int64_t delta = pkt_dts - *last_ts;
        if (delta < -jump || delta > jump) {
            *ts_offset -= delta;
            pkt->dts -= av_rescale_q(delta, AV_TIME_BASE_Q, tb);
            if (pkt->pts != AV_NOPTS_VALUE)
                pkt->pts -= av_rescale_q(delta, AV_TIME_BASE_Q, tb);
        }
    }
    if (pkt->dts != AV_NOPTS_VALUE && r->next_dts != AV_NOPTS_VALUE) {
        pkt_dts = av_rescale_q(pkt->dts, tb, AV_TIME_BASE_Q);
        int64_t delta = pkt_dts - r->next_dts;
        if (discont) {
            if (delta < -jump || delta > jump || pkt_dts + AV_TIME_BASE / 10 < FFMAX(r->pts, r->dts)) {
                *ts_offset -= delta;
                pkt->dts -= av_rescale_q(delta, AV_TIME_BASE_Q, tb);
                if (pkt->pts != AV_NOPTS_VALUE)
                    pkt->pts -= av_rescale_q(delta, AV_TIME_BASE_Q, tb);
            }
        } else {
            if (delta < -error || delta > error)
                pkt->dts = AV_NOPTS_VALUE;
            if (pkt->pts != AV_NOPTS_VALUE) {
                delta = av_rescale_q(pkt->pts, tb, AV_TIME_BASE_Q) - r->next_dts;
                if (delta < -error || delta > error)
                    pkt->pts = AV_NOPTS_VALUE;
            }
        }
    }
    if (pkt->dts != AV_NOPTS_VALUE)
        *last_ts = av_rescale_q(pkt->dts, tb, AV_TIME_BASE_Q);
}

static int open_decoder(struct run *r, int audio)
{
    r->st = input->streams[audio];
    const AVCodec *codec = avcodec_find_decoder(r->st->codecpar->codec_id);
    if (!codec) /* ffmpeg: "Decoder (codec none) not found …", which the CLI path calls corrupt */
        return fail(r, CORRUPT, "no decoder for this codec");
    r->dec = avcodec_alloc_context3(codec);
    if (!r->dec || avcodec_parameters_to_context(r->dec, r->st->codecpar) < 0)
        return fail(r, CORRUPT, "cannot set up the decoder");
    r->dec->pkt_timebase = r->st->time_base;
    AVDictionary *opts = NULL;
    av_dict_set(&opts, "threads", "auto", 0);
    int err = avcodec_open2(r->dec, codec, &opts);
    av_dict_free(&opts);
    if (err < 0)
        return fail(r, run_failure(err, 0, 0), "the decoder refused this stream");
    return 0;
}

static void do_decode(void)
{
    struct run *r = calloc(1, sizeof *r);
    int64_t start = get_i64(), duration = get_i64();
    r->rate = get_i32();
    r->quota = get_i32();
    if (!r)
        exit(2);
    r->start_us = AV_NOPTS_VALUE;
    r->duration_us = duration;
    r->dts = r->next_dts = r->pts = r->next_pts = AV_NOPTS_VALUE;
    r->prev_pkt_pts = r->rescale_last = AV_NOPTS_VALUE;
    r->frame = av_frame_alloc();
    r->out = av_frame_alloc();
    AVPacket *pkt = av_packet_alloc(), *empty = av_packet_alloc();
    int audio = input ? first_audio() : -1;
    if (!input) {
        fail(r, CORRUPT, "no open input");
        goto end;
    }
    if (audio < 0) {
        fail(r, NOT_AUDIO, "no audio stream");
        goto end;
    }
    /* ffmpeg.c's open_input_file: seek to -ss plus the stream start; timestamps are shifted so that point is 0. */
    int64_t timestamp = start >= 0 ? start : 0;
    if (input->start_time != AV_NOPTS_VALUE)
        timestamp += input->start_time;
    if (start >= 0) {
        int64_t seek = timestamp;
        if (!(input->iformat->flags & AVFMT_SEEK_TO_PTS)) {
            for (unsigned i = 0; i < input->nb_streams; i++)
                if (input->streams[i]->codecpar->video_delay) {
                    seek -= 3 * AV_TIME_BASE / 23;
                    break;
                }
        }
        avformat_seek_file(input, -1, INT64_MIN, seek, seek, 0); /* ffmpeg only warns when this fails */
        r->start_us = 0;
    }
    int64_t ts_offset = -timestamp, last_ts = 0;
    if (open_decoder(r, audio) < 0)
        goto end;
    int done = 0;
    while (!done) {
        int err = av_read_frame(input, pkt);
        if (err == AVERROR(EAGAIN))
            continue;
        if (err < 0) {
            r->read_error = err != AVERROR_EOF; /* ffmpeg prints "URL: <error>" and ends the input */
            break;
        }
        if (pkt->stream_index != audio) {
            av_packet_unref(pkt);
            continue;
        }
        shift_packet(r, pkt, &ts_offset, &last_ts, input->iformat->flags & AVFMT_TS_DISCONT);
        done = process_packet(r, pkt, empty);
        av_packet_unref(pkt);
        if (done < 0)
            goto end;
    }
    if (!done && process_packet(r, NULL, empty) < 0)
        goto end;
    if (!done && !r->graph && r->st->codecpar->format < 0) {
        /* ffmpeg builds the graph from the stream's parameters when no frame came; without a sample format it fails */
        fail(r, r->read_error ? NOT_AUDIO : CORRUPT, "no frame decoded and no sample format known");
        goto end;
    }
    if (!done && r->graph) {
        int64_t pts = av_rescale_q_rnd(r->pts, AV_TIME_BASE_Q, r->st->time_base, AV_ROUND_NEAR_INF | AV_ROUND_PASS_MINMAX);
        if (av_buffersrc_close(r->src, pts, AV_BUFFERSRC_FLAG_PUSH) < 0 || reap(r) < 0)
            goto end;
    }
    /* ffmpeg exits with an error when more than 2/3 of the decode calls failed (-max_error_rate). */
    if ((r->errors + r->decoded) * (2.0 / 3) < r->errors)
        fail(r, run_failure(r->last_error, r->sent > 0, r->read_error), "most of the stream failed to decode");
end:
    flush_block(r);
    put_u32(0);
    put_status(r->failure, r->failure ? r->reason : "");
    close_input();
    avfilter_graph_free(&r->graph);
    avcodec_free_context(&r->dec);
    av_frame_free(&r->frame);
    av_frame_free(&r->out);
    av_packet_free(&pkt);
    av_packet_free(&empty);
    av_channel_layout_uninit(&r->layout);
    free(r);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: timbre-decode-host FORMAT_WHITELIST\n");
        return 2;
    }
    formats = argv[1];
    av_log_set_level(AV_LOG_ERROR);
    static char buffer[1 << 16];
    setvbuf(stdout, buffer, _IOFBF, sizeof buffer);
    for (;;) {
        uint8_t op;
        get(&op, 1);
        switch (op) {
        case 1: do_open(); break;
        case 2: do_decode(); break;
        case 3: close_input(); break;
        default: return 2;
        }
    }
}
