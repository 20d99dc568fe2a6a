"""nn's messages, each once: an id, its English template and its Chinese template (as autograd.messages).

`text(key, **fields)` fills one in, in the default language (autograd.set_language, or the environment),
so the errors and warnings a student meets while building and training a model speak the same language
as the engine's. The Chinese keeps every name, number and piece of code (`zero_grad()`, `lr=`) as ASCII.
"""

from __future__ import annotations

from autograd.language import say

NN = {
    # Argument checks shared by the nn modules (_checks)
    "not_real": ("{who}: {what} must be a real number, got {got}", "{who}：{what} 必须是实数，得到的却是 {got}"),
    "not_finite": ("{who}: {what} must be finite, got {value!r}", "{who}：{what} 必须是有限数，得到的却是 {value!r}"),
    "at_least": ("{who}: {what} must be >= {low:g}, got {x!r}", "{who}：{what} 必须 >= {low:g}，得到的却是 {x!r}"),
    "in_range": ("{who}: {what} must be in [{low:g}, {high:g}), got {x!r}",
                 "{who}：{what} 必须在 [{low:g}, {high:g}) 之内，得到的却是 {x!r}"),
    "not_int": ("{who}: {what} must be an int, got {got}", "{who}：{what} 必须是整数（int），得到的却是 {got}"),
    "int_at_least_1": ("{who}: {what} must be >= 1, got {x}", "{who}：{what} 必须 >= 1，得到的却是 {x}"),
    "not_list": ("{who}: {what} must be a list, got {got}", "{who}：{what} 必须是列表（list），得到的却是 {got}"),
    "sample": ("a sample is an ordered sequence (a list, a tuple, a numpy row)",
               "一个样本是一个有序序列（list、tuple 或 numpy 的一行）"),
    "why_text": ("text is not a row of numbers", "字符串不是一行数"),
    "why_dict": ("a dict would be read by its keys", "dict 只会按它的键（key）来读"),
    "why_set": ("a set has no order", "set 没有顺序"),
    "why_iterator": ("a generator or iterator is used up by its first reading (make it a list)",
                     "生成器或迭代器读一次就用完了（请把它转成 list）"),
    "why_no_length": ("it has no length and no order", "它既没有长度，也没有顺序"),
    # Neurons, layers and models (layers)
    "layer_where": ("layer {i}: ", "第 {i} 层："),
    "an_initial_weight": ("an initial weight", "初始权重"),
    "empty_w": ("{who}: w is empty; a neuron needs at least one weight", "{who}：w 是空的；一个神经元至少需要一个权重"),
    "empty_nouts": ("MLP: nouts is empty; give the size of each layer, e.g. [16, 16, 1]",
                    "MLP：nouts 是空的；请给出每一层的大小，例如 [16, 16, 1]"),
    "seed": ("{who}: seed must be an int or None, got {got}", "{who}：seed 必须是整数（int）或 None，得到的却是 {got}"),
    "layer_counts": ("{who}: {weights} weight layers but {biases} bias layers; need the same, >= 1",
                     "{who}：有 {weights} 层权重，却有 {biases} 层偏置；两者必须相同，且 >= 1"),
    "layer_sizes": ("{who}: layer {i} has {got} weights per neuron but layer {before} has {want} neurons",
                    "{who}：第 {i} 层每个神经元有 {got} 个权重，但第 {before} 层有 {want} 个神经元"),
    "rows_biases": ("{who}: {where}{rows} weight rows but {biases} biases; need one of each per neuron",
                    "{who}：{where}有 {rows} 行权重，却有 {biases} 个偏置；每个神经元各需要一个"),
    "ragged_rows": ("{who}: {where}every neuron needs the same number (>= 1) of weights, got rows of {sizes}",
                    "{who}：{where}每个神经元的权重个数必须相同（且 >= 1），各行的长度却是 {sizes}"),
    "unordered_input": ("{who}: expected a list of {nin} numbers or Values, got {got}: {why}; {sample}",
                        "{who}：需要由 {nin} 个数或 Value 组成的列表，得到的却是 {got}：{why}；{sample}"),
    "input_size": ("{who}: expected {nin} inputs, got {n}", "{who}：需要 {nin} 个输入，得到的却是 {n} 个"),
    "bad_input": ("{who}: bad input: {error}", "{who}：输入有误：{error}"),
    "rng": ("{who}: rng must be a random.Random, an int seed or None, got {got}",
            "{who}：rng 必须是 random.Random、整数种子（int）或 None，得到的却是 {got}"),
    "nonlin_type": ("{who}: nonlin must be True or False (micrograd's spelling), got {got}",
                    "{who}：nonlin 必须是 True 或 False（micrograd 的写法），得到的却是 {got}"),
    "nonlin_clash": ("{who}: nonlin={nonlin} contradicts activation={activation!r}; give one of them",
                     "{who}：nonlin={nonlin} 与 activation={activation!r} 互相矛盾；请只给出其中一个"),
    # fit's arguments (training)
    "fit_model": ("fit: model must be callable and have parameters(), like nn.MLP, got {got}",
                  "fit：model 必须可以调用，并且有 parameters()（像 nn.MLP 那样），得到的却是 {got}"),
    "fit_stopped": ("fit: {message}", "fit：{message}"),
    "fit_scheduler": ("fit: scheduler must have a step() method, got {got}",
                      "fit：scheduler 必须有 step() 方法，得到的却是 {got}"),
    "fit_callbacks": ("fit: each callback must be a function (epoch, history), got {got!r}",
                      "fit：每个 callback 都必须是函数 (epoch, history)，得到的却是 {got!r}"),
    "fit_loss_value": ("fit: the loss must return a Value, got {got}",
                       "fit：损失函数必须返回一个 Value，得到的却是 {got}"),
    "loss_is": ("the loss is {value!r}", "损失是 {value!r}"),
    "weight_not_finite": ("a step made a weight inf or nan", "一步更新让某个权重变成了 inf 或 nan"),
    "kept": ("; stopped after {epochs} full epochs, keeping the last finite weights",
             "；在完整训练 {epochs} 个 epoch 后停止，保留最后一组有限的权重"),
    "exploded": ("the loss exploded from {first:.4g} to {last:.4g} at epoch {epoch}; try a smaller learning rate",
                 "损失在第 {epoch} 个 epoch 从 {first:.4g} 爆炸到 {last:.4g}；请试试更小的学习率"),
    "fit_optimizer": ("fit: optimizer must have step() and zero_grad() (e.g. nn.optim.Adam), got {got}",
                      "fit：optimizer 必须有 step() 和 zero_grad()（例如 nn.optim.Adam），得到的却是 {got}"),
    "fit_compile": ("fit: compile must be True or False, got {got}",
                    "fit：compile 必须是 True 或 False，得到的却是 {got}"),
    # Losses by name and samples (objectives)
    "target_row": ("a list of {k} numbers (one per output) is needed, got {got}",
                   "需要由 {k} 个数组成的列表（每个输出一个），得到的却是 {got}"),
    "target_finite": ("a finite number is needed, got {got}", "需要一个有限数，得到的却是 {got}"),
    "target_sign": ("labels 0/1 or -1/+1 are needed, got {got}", "标签必须是 0/1 或 -1/+1，得到的却是 {got}"),
    "target_unit": ("labels in [0, 1] are needed, got {got}", "标签必须在 [0, 1] 之内，得到的却是 {got}"),
    "target_class": ("class indices {allowed} are needed, got {got}", "标签必须是类别编号 {allowed}，得到的却是 {got}"),
    "unknown_loss": ("{who}: unknown loss {got}; use one of {valid} or a function (preds, targets)",
                     "{who}：未知的损失函数 {got}；请用 {valid} 之一，或一个函数 (preds, targets)"),
    "one_output": ("{who}: loss={loss!r} needs a model with 1 output, this one has {k}",
                   "{who}：loss={loss!r} 需要只有 1 个输出的模型，这个模型却有 {k} 个"),
    "cross_entropy_outputs": ("{who}: loss='cross_entropy' needs k >= 2 outputs (one logit per class), "
                              "this model has {k}",
                              "{who}：loss='cross_entropy' 需要 k >= 2 个输出（每个类别一个 logit），"
                              "这个模型却只有 {k} 个"),
    "bce_probabilities": ("{who}: loss='bce' needs probabilities: build the model with output_activation='sigmoid' "
                          "(its output is {act!r}), or use loss='bce_with_logits' on raw scores",
                          "{who}：loss='bce' 需要概率：请用 output_activation='sigmoid' 构建模型"
                          "（它的输出是 {act!r}），或对原始分数用 loss='bce_with_logits'"),
    "twice_squashed": ("{who}: loss={loss!r} takes raw scores (logits); a sigmoid output would be squashed twice",
                       "{who}：loss={loss!r} 接受的是原始分数（logits）；输出再经过 sigmoid 就被压缩了两次"),
    "bad_label": ("{who}: loss={loss!r}: y[{i}]: {error}", "{who}：loss={loss!r}：y[{i}]：{error}"),
    "unordered_data": ("{who}: {what} must be a list, one entry per sample, in order, got {got}: {why}",
                       "{who}：{what} 必须是列表，每个样本一项，按顺序排列，得到的却是 {got}：{why}"),
    "sample_counts": ("{who}: X has {nx} samples and y has {ny}; need the same number, >= 1",
                      "{who}：X 有 {nx} 个样本，y 却有 {ny} 个；两者必须相同，且 >= 1"),
    "unordered_row": ("{who}: X[{i}] must be a list of numbers, got {got}: {why}; {sample}",
                      "{who}：X[{i}] 必须是由数组成的列表，得到的却是 {got}：{why}；{sample}"),
    "row_size": ("{who}: X[{i}] has {n} numbers but the model takes {nin} inputs",
                 "{who}：X[{i}] 有 {n} 个数，但模型需要 {nin} 个输入"),
    "validation_pair": ("fit: validation_data must be a pair (X_val, y_val), got {got}",
                        "fit：validation_data 必须是一对 (X_val, y_val)，得到的却是 {got}"),
    # Optimizers (optim)
    "no_gradient": ("{opt}.step(): every parameter's gradient is exactly 0, so this step changes nothing: no gradient "
                    "reached this optimizer's parameters. Is the loss built from this model's output (not another "
                    "model's: mixing two models?), was it computed under no_grad(), or are all the ReLUs dead?",
                    "{opt}.step()：每个参数的梯度都恰好是 0，所以这一步什么也没有改变：没有梯度传到这个优化器的参数。"
                    "损失是由这个模型的输出算出来的吗（而不是另一个模型的：是不是混用了两个模型？）？"
                    "它是不是在 no_grad() 下计算的？还是所有的 ReLU 都死了？"),
    "nothing_new": ("{opt}.step(): no backward() ran since the last step, so there is no new gradient to apply. "
                    "Call loss.backward() before each step().",
                    "{opt}.step()：上一步之后没有运行过 backward()，所以没有新的梯度可用。"
                    "请在每次 step() 之前调用 loss.backward()。"),
    "param_group": ("{opt} param group {i}", "{opt} 参数组 {i}"),
    "group_not_dict": ('{where}: expected a dict with "params", got {got}',
                       '{where}：需要一个含有 "params" 的 dict，得到的却是 {got}'),
    "group_setting": ("{where}: unknown setting {key!r}; {who} takes {settings}",
                      "{where}：未知的设置 {key!r}；{who} 接受的设置是 {settings}"),
    "group_overlap": ("{where}: some parameters appear in more than one parameter group",
                      "{where}：有些参数出现在不止一个参数组里"),
    "first_lr_zero": ("{opt}.lr: the first group's lr is 0, so it cannot scale the other groups' rates; "
                      "set param_groups[i]['lr'] for each group",
                      "{opt}.lr：第一组的 lr 是 0，无法按比例缩放其他组的学习率；"
                      "请为每一组分别设置 param_groups[i]['lr']"),
    "bad_gradient": ("{opt}.step: the gradient of parameter {i}{label} is {g!r}",
                     "{opt}.step：参数 {i}{label} 的梯度是 {g!r}"),
    "state_type": ("{who}: expected the state_dict of a {opt}, got {got}",
                   "{who}：需要一个 {opt} 的 state_dict，得到的却是 {got}"),
    "state_groups": ("{who}: the saved param groups hold {saved} parameters, this optimizer's hold {sizes}; "
                     "they must match",
                     "{who}：保存的参数组含有 {saved} 个参数，这个优化器的参数组含有 {sizes} 个；两者必须一致"),
    "state_entries": ("{who}: state {name!r} has {n} entries for {count} parameters",
                      "{who}：状态 {name!r} 有 {n} 项，参数却有 {count} 个"),
    "nesterov": ("{who}: nesterov=True needs momentum > 0 and dampening = 0",
                 "{who}：nesterov=True 要求 momentum > 0 且 dampening = 0"),
    "betas": ("{who}: betas must be a pair (beta1, beta2), got {got}",
              "{who}：betas 必须是一对 (beta1, beta2)，得到的却是 {got}"),
    "eps_zero": ("{opt}: parameter {i}{name}: with eps={eps!r} the step {numerator!r} / 0 divides by zero "
                 "(its gradients' squares underflow to 0); use eps > 0, such as the default 1e-8",
                 "{opt}：参数 {i}{name}：eps={eps!r} 时，这一步 {numerator!r} / 0 除以零（它的梯度的平方下溢为 0）；"
                 "请用 eps > 0，例如默认值 1e-8"),
    "params_one_dict": ('{who}: params must be Values or a list of dicts with "params", got one dict; '
                        "put it in a list",
                        '{who}：params 必须是 Value，或由含有 "params" 的 dict 组成的列表，'
                        "得到的却是一个 dict；请把它放进列表"),
    "params_type": ("{who}: params must be Values, e.g. model.parameters(); got {got}",
                    "{who}：params 必须是 Value，例如 model.parameters()；得到的却是 {got}"),
    "params_mixed": ('{who}: params mixes Values and dicts; give Values, or only dicts with "params"',
                     '{who}：params 混用了 Value 和 dict；请只给 Value，或只给含有 "params" 的 dict'),
    "params_empty": ("{who}: got an empty parameter list", "{who}：参数列表是空的"),
    "params_item": ("{who}: params[{i}] is {got}; expected Values, e.g. model.parameters()",
                    "{who}：params[{i}] 是 {got}；需要 Value，例如 model.parameters()"),
    "params_repeated": ("{who}: a parameter appears more than once in params",
                        "{who}：有参数在 params 中出现了不止一次"),
    # Losses called by hand (losses); the nouns name what a loss was given
    "noun_probabilities": ("probabilities", "概率"),
    "noun_rows_of_logits": ("rows of logits", "logits 的行"),
    "noun_scores": ("scores", "分数"),
    "noun_values": ("values", "输入值"),
    "noun_predictions": ("predictions", "预测值"),
    "noun_target": ("target", "目标值"),
    "noun_a_prediction": ("a prediction", "预测值"),
    "noun_a_target": ("a target", "目标值"),
    "bce_range": ("binary_cross_entropy: probabilities must be in [0, 1], got {p!r}; "
                  "use a sigmoid output, or binary_cross_entropy_with_logits on raw scores",
                  "binary_cross_entropy：概率必须在 [0, 1] 之内，得到的却是 {p!r}；"
                  "请用 sigmoid 输出，或对原始分数用 binary_cross_entropy_with_logits"),
    "class_index": ("cross_entropy: the target must be a class index in 0..{last}, got {got}",
                    "cross_entropy：目标值必须是 0..{last} 之中的类别编号，得到的却是 {got}"),
    "hinge_labels": ("hinge_loss: labels must be -1 or +1, got {got} (map 0/1 labels with 2*y - 1)",
                     "hinge_loss：标签必须是 -1 或 +1，得到的却是 {got}（0/1 标签可以用 2*y - 1 换算）"),
    "each_unit": ("{who}: each {what} must be in [0, 1], got {t!r}",
                  "{who}：每个{what}都必须在 [0, 1] 之内，得到的却是 {t!r}"),
    "empty": ("{who}: {what} is empty", "{who}：{what} 是空的"),
    "pairs": ("{who}: {n} {what} but {m} targets; they must match",
              "{who}：{what} 有 {n} 个，目标值却有 {m} 个；两者必须一致"),
    "sample_shape": ("{who}: sample {i} has {n} predictions but {m} targets",
                     "{who}：第 {i} 个样本有 {n} 个预测值，却有 {m} 个目标值"),
    # Toy data sets and splits (data)
    "n_features": ("{who}: nn.data makes 2-D points, so n_features must be 2, got {got!r}",
                   "{who}：nn.data 生成的是二维的点，所以 n_features 必须是 2，得到的却是 {got!r}"),
    "per_center": ("{who}: {what} gives {n} values for {m} centers; they must match",
                   "{who}：{what} 给出了 {n} 个值，中心却有 {m} 个；两者必须一致"),
    "split_both": ("{who}: give test_size or train_size, not both",
                   "{who}：test_size 和 train_size 只能给一个，不能都给"),
    "split_sizes": ("train_test_split: {n} samples cannot give {test} test samples and at least 1 to train",
                    "train_test_split：{n} 个样本分不出 {test} 个测试样本，同时留下至少 1 个训练样本"),
    "two_names": ("{who}: got both {name}={value!r} and {sk_name}={sk_value!r}, two names for one argument "
                  "({sk_name} is scikit-learn's); give one",
                  "{who}：同时给出了 {name}={value!r} 和 {sk_name}={sk_value!r}，这是同一个参数的两个名字"
                  "（{sk_name} 是 scikit-learn 的写法）；请只给一个"),
    "n_pair": ("{who}: n_samples must be a count or a pair (outer, inner), got {n!r}",
               "{who}：n_samples 必须是样本个数，或一对 (outer, inner)，得到的却是 {n!r}"),
    "fraction": ("{who}: {what} must be in (0, 1) or a count, got {size!r}",
                 "{who}：{what} 必须在 (0, 1) 之内，或是样本个数，得到的却是 {size!r}"),
    "data_seed": ("{who}: seed must be an int, a random.Random or None, got {got}",
                  "{who}：seed 必须是整数（int）、random.Random 或 None，得到的却是 {got}"),
    "point": ("{who}: {what} must be a point [x, y], got {c!r}", "{who}：{what} 必须是一个点 [x, y]，得到的却是 {c!r}"),
    "xy_counts": ("{who}: X has {nx} samples but y has {ny}; they must match",
                  "{who}：X 有 {nx} 个样本，y 却有 {ny} 个；两者必须一致"),
    # Names a constructor takes (activations, init)
    "unknown_activation": ("{who}: unknown activation {name!r}; use one of {valid} or None",
                           "{who}：未知的激活函数 {name!r}；请用 {valid} 之一，或 None"),
    "unknown_init": ("{who}: unknown init {got}; use one of {valid} or a function (fan_in, fan_out, rng)",
                     "{who}：未知的初始化方法 {got}；请用 {valid} 之一，或一个函数 (fan_in, fan_out, rng)"),
    # Modules, schedules and compile=True (module, schedules, compiled)
    "no_forward": ("{name}: a Module subclass computes its output in forward(x) (or __call__)",
                   "{name}：Module 的子类要在 forward(x)（或 __call__）中计算输出"),
    "train_mode": ("{name}.train: mode must be True or False, got {got}",
                   "{name}.train：mode 必须是 True 或 False，得到的却是 {got}"),
    "module_state_type": ("{who}: expected a dict of name -> float, got {got}",
                          "{who}：需要一个 name -> float 的 dict，得到的却是 {got}"),
    "module_state_names": ("{who}: the names do not match this model ({n} parameters, {given} given); "
                           "missing {missing}, unexpected {unexpected}",
                           "{who}：名字与这个模型的不一致（模型有 {n} 个参数，给出的是 {given} 个）；"
                           "缺少 {missing}，多出 {unexpected}"),
    "lr_lambda": ("LambdaLR: lr_lambda must be a function of the epoch, got {got}",
                  "LambdaLR：lr_lambda 必须是以 epoch 为自变量的函数，得到的却是 {got}"),
    "scheduler_optimizer": ("{who}: expected an nn.optim optimizer, got {got}",
                            "{who}：需要一个 nn.optim 的优化器，得到的却是 {got}"),
    "linear_lr": ("LinearLR: need 0 < start_factor <= 1 and 0 <= end_factor <= 1, got {start!r} and {end!r}",
                  "LinearLR：要求 0 < start_factor <= 1 且 0 <= end_factor <= 1，得到的却是 {start!r} 和 {end!r}"),
    "compile_shape": ("fit: compile=True needs an nn.MLP, nn.Layer or nn.Neuron, whose graph has the same shape for "
                      "every sample; got {got}: use compile=False",
                      "fit：compile=True 需要 nn.MLP、nn.Layer 或 nn.Neuron，它们的计算图对每个样本形状都相同；"
                      "得到的却是 {got}：请用 compile=False"),
}  # fmt: skip


def text(key: str, /, **fields) -> str:
    """nn's message `key` in the default language, its {fields} filled in."""
    return say(NN, key, **fields)
